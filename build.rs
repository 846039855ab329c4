//! Embeds the icon in the Windows executable (Explorer, the taskbar, Alt+Tab); does
//! nothing when building for any other system.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/icons/dossier.ico");
    #[cfg(windows)]
    embed_windows_icon();
}

#[cfg(windows)]
fn embed_windows_icon() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut resource = winresource::WindowsResource::new();
    resource.set_icon("assets/icons/dossier.ico");
    if let Err(error) = resource.compile() {
        // A build without the icon still runs; say why it has none.
        println!("cargo:warning=the icon is not embedded in dossier.exe: {error}");
    }
}
