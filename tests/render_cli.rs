//! `dossier export --format png`: the timeline drawn in software, without a display.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

use std::process::{Command, Output};

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // No display: the export must not need one.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the dossier binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Width, height and RGB(A) pixels of a PNG.
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    pixels.truncate(info.buffer_size());
    (info.width, info.height, pixels)
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

#[test]
fn png_export_writes_an_image_of_the_asked_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("timeline.png");
    let output = dossier(&[
        "export",
        "--format",
        "png",
        "--size",
        "800x300",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(PNG_SIGNATURE));
    let (width, height, pixels) = decode(&bytes);
    assert_eq!((width, height), (800, 300));
    assert!(pixels.chunks_exact(3).any(|p| p != &pixels[..3]));
}

#[test]
fn png_export_takes_a_view_and_writes_to_a_pipe() {
    // Standard output is a pipe here, not a terminal: the image goes there.
    let output = dossier(&[
        "export",
        "--format",
        "png",
        "--view",
        "2025-07-20/2025-08-02",
        "--dark",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.starts_with(PNG_SIGNATURE));
    let (width, height, _) = decode(&output.stdout);
    assert_eq!((width, height), (1600, 600));
}

#[test]
fn png_export_rejects_a_bad_view() {
    let output = dossier(&["export", "--format", "png", "--view", "2025-07-20"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("START/END"), "{}", stderr(&output));

    let output = dossier(&[
        "export",
        "--format",
        "png",
        "--view",
        "2025-08-02/2025-07-20",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("the end comes before the start"));
}

#[test]
fn image_options_need_the_png_format() {
    let output = dossier(&["export", "--format", "csv", "--size", "800x300"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--size, --view and --dark work with --format png"),
        "{}",
        stderr(&output)
    );
}
