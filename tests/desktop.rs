//! Desktop integration: `install-desktop` writes a valid launcher entry and the icons into
//! a fresh data directory, and `--uninstall` leaves that directory exactly as it was.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use dossier::platform::APP_ID;
use dossier::platform::desktop::{
    DESKTOP_ENTRY, ICON_PNGS, ICON_SVG, install_for, manifest_path, uninstall,
};

/// Every path under `root` (relative), with the content of files (`None` for directories).
fn tree(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_owned();
            if path.is_dir() {
                found.insert(relative, None);
                stack.push(path);
            } else {
                found.insert(relative, Some(fs::read(&path).unwrap()));
            }
        }
    }
    found
}

/// Runs `desktop-file-validate` on `path`; `false` (with a note) when it is not installed.
fn desktop_file_validate(path: &Path) -> bool {
    match Command::new("desktop-file-validate").arg(path).output() {
        Ok(output) => {
            assert!(
                output.status.success() && output.stdout.is_empty() && output.stderr.is_empty(),
                "desktop-file-validate {}:\n{}{}",
                path.display(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            true
        }
        Err(error) => {
            eprintln!(
                "desktop-file-validate not run ({error}): install Debian's desktop-file-utils"
            );
            false
        }
    }
}

#[test]
fn the_shipped_entry_is_valid_and_named_after_the_app_id() {
    let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(format!("{APP_ID}.desktop"));
    assert_eq!(fs::read_to_string(&shipped).unwrap(), DESKTOP_ENTRY);
    for line in [
        "Exec=dossier %f",
        &format!("Icon={APP_ID}"),
        &format!("StartupWMClass={APP_ID}"),
        "MimeType=application/json;",
        "Terminal=false",
    ] {
        assert!(DESKTOP_ENTRY.lines().any(|l| l == line), "missing {line:?}");
    }
    desktop_file_validate(&shipped);
}

#[test]
fn install_then_uninstall_leaves_the_directory_as_it_was() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("share");
    // A data directory in use: another app's entry and icon, and Dossier's own settings.
    fs::create_dir_all(data.join("applications")).unwrap();
    fs::write(data.join("applications/other.desktop"), "[Desktop Entry]\n").unwrap();
    fs::create_dir_all(data.join("icons/hicolor/48x48/apps")).unwrap();
    fs::write(data.join("icons/hicolor/48x48/apps/other.png"), b"png").unwrap();
    fs::create_dir_all(data.join(APP_ID)).unwrap();
    fs::write(data.join(APP_ID).join("app.ron"), "(settings)").unwrap();
    let before = tree(&data);

    let written = install_for(&data, Some(Path::new("/opt/Dossier Builds/dossier"))).unwrap();
    let entry = data.join("applications").join(format!("{APP_ID}.desktop"));
    assert!(written.contains(&entry));
    assert!(written.contains(&manifest_path(&data)));
    let text = fs::read_to_string(&entry).unwrap();
    assert!(
        text.contains("\nExec=\"/opt/Dossier Builds/dossier\" %f\n"),
        "{text}"
    );
    for (size, png) in ICON_PNGS {
        let icon = data.join(format!("icons/hicolor/{size}x{size}/apps/{APP_ID}.png"));
        assert_eq!(fs::read(&icon).unwrap(), png, "{}", icon.display());
        assert_eq!(
            &png[..8],
            b"\x89PNG\r\n\x1a\n",
            "{size}x{size} is not a PNG"
        );
    }
    let svg = data.join(format!("icons/hicolor/scalable/apps/{APP_ID}.svg"));
    assert_eq!(fs::read(&svg).unwrap(), ICON_SVG);
    desktop_file_validate(&entry);

    // Installing again changes nothing but the files themselves.
    install_for(&data, None).unwrap();
    assert!(
        fs::read_to_string(&entry)
            .unwrap()
            .contains("\nExec=dossier %f\n")
    );

    let removed = uninstall(&data).unwrap();
    assert!(removed.contains(&entry));
    assert_eq!(tree(&data), before, "uninstall left the directory changed");

    // A second uninstall says there is nothing to remove.
    let error = uninstall(&data).unwrap_err().to_string();
    assert!(error.starts_with("nothing to uninstall: "), "{error}");
}

#[test]
fn the_command_installs_into_a_fresh_home_and_uninstalls_without_a_trace() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    fs::create_dir(&data).unwrap();
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", &data)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "dossier {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let out = run(&["install-desktop"]);
    let entry = data.join("applications").join(format!("{APP_ID}.desktop"));
    assert!(out.contains(&format!("wrote {}", entry.display())), "{out}");
    // The test binary is not on PATH: the entry names it by its absolute path.
    let text = fs::read_to_string(&entry).unwrap();
    let exe = fs::canonicalize(env!("CARGO_BIN_EXE_dossier")).unwrap();
    assert!(
        text.contains(&format!("\nExec={} %f\n", exe.display())),
        "{text}"
    );
    desktop_file_validate(&entry);

    run(&["install-desktop", "--uninstall"]);
    assert!(
        tree(&data).is_empty(),
        "left behind: {:?}",
        tree(&data).keys()
    );

    // Without XDG_DATA_HOME, ~/.local/share.
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("install-desktop")
        .env("HOME", home.path())
        .env_remove("XDG_DATA_HOME")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        home.path()
            .join(".local/share/applications")
            .join(format!("{APP_ID}.desktop"))
            .is_file()
    );
}
