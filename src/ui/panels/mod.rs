//! The panels of the main window, one file each. A panel reads the workspace and returns
//! the commands the user gave it; it changes nothing itself.

pub mod briefing;
pub mod disk_banner;
pub mod evidence;
pub mod loading_banner;
pub mod menu;
pub mod search;
pub mod sidebar;
pub mod status;
