//! Fonts: egui's defaults, then a bundled Chinese subset, then the system's fonts.
//!
//! The subset (`assets/fonts`, 3,755 common characters, 790 KB) makes Chinese names render
//! everywhere, including headless tests that have no system fonts. eframe's system font
//! provider then fills in rarer characters where a CJK font is installed; without one,
//! such characters show as a replacement box: visible, never a crash.

use egui::{FontData, FontFamily, FontInsert, FontPriority, InsertFontFamily};

const CJK_SUBSET: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Subset.otf");

/// Adds the bundled Chinese font after egui's own, for both families.
pub fn install(ctx: &egui::Context) {
    ctx.add_font(FontInsert::new(
        "noto-sans-sc-subset",
        FontData::from_static(CJK_SUBSET),
        vec![
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
}
