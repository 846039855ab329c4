//! The command line as users run it: the real binary, its output and exit status.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

use std::path::Path;
use std::process::{Command, Output};

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the dossier binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn validate_accepts_the_default_dossier() {
    let output = dossier(&["validate", "data/ai-governance-2025.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("data/ai-governance-2025.json: ok:"));
}

#[test]
fn validate_locates_a_trailing_comma() {
    let output = dossier(&["validate", "tests/fixtures/trailing-comma.json"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("tests/fixtures/trailing-comma.json:35:5: trailing comma"),
        "{err}"
    );
}

#[test]
fn validate_reports_a_dangling_entity_with_its_path() {
    let output = dossier(&["validate", "tests/fixtures/dangling-entity.json"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(
            "tests/fixtures/dangling-entity.json: error: events[0].entities[0].id: unknown entity \"li-qiang-typo\""
        ),
        "{err}"
    );
}

#[test]
fn validate_reports_an_impossible_date_with_its_path() {
    let output = dossier(&["validate", "tests/fixtures/bad-date.json"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(
            "error: events[1].start: impossible date \"2025-02-30\": February 2025 has 28 days"
        ),
        "{err}"
    );
}

#[test]
fn validate_checks_every_file_and_fails_if_any_fails() {
    let output = dossier(&[
        "validate",
        "tests/fixtures/small.json",
        "tests/fixtures/bad-date.json",
        "tests/fixtures/missing.json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("tests/fixtures/small.json: ok:"));
    let err = stderr(&output);
    assert!(err.contains("bad-date.json: failed: 1 error"), "{err}");
    assert!(
        err.contains("tests/fixtures/missing.json: No such file"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(dossier(&["validate"]).status.code(), Some(2));
    assert_eq!(dossier(&["list", "planets"]).status.code(), Some(2));
    assert_eq!(dossier(&["export"]).status.code(), Some(2));
}

#[test]
fn list_events_shows_the_core_events_in_time_order() {
    let output = dossier(&["list", "events"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    let line_of = |id: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(&format!("{id}\t")))
            .unwrap_or_else(|| panic!("no line for {id} in\n{text}"))
    };
    assert!(text.contains("us-ai-action-plan\t2025-07-23\t"));
    assert!(
        text.contains("waic-2025\t2025-07-26/2025-07-28\tWorld Artificial Intelligence Conference")
    );
    assert!(text.contains("li-qiang-proposes-waico\t2025-07-26\tLi Qiang proposes"));
    assert!(text.contains("china-global-ai-governance-action-plan\t2025-07-26\t"));
    assert!(line_of("us-ai-action-plan") < line_of("li-qiang-proposes-waico"));
    assert!(line_of("li-qiang-proposes-waico") < line_of("waic-2025"));
    for line in &lines {
        assert_eq!(line.split('\t').count(), 3, "{line}");
    }
}

#[test]
fn list_entities_and_briefings() {
    let entities = stdout(&dossier(&["list", "entities"]));
    assert!(
        entities.contains("li-qiang\tperson\tLi Qiang"),
        "{entities}"
    );
    let briefings = stdout(&dossier(&[
        "list",
        "briefings",
        "tests/fixtures/small.json",
    ]));
    assert_eq!(briefings, "brief\t2025-07-30\tShanghai\n");
}

#[test]
fn export_prints_a_briefing_with_numbered_sources() {
    let output = dossier(&["export", "--briefing", "china-waico-proposal"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for needle in [
        "Li Qiang",
        "李强",
        "Shanghai",
        "Global AI Governance Action Plan",
        "America's AI Action Plan",
        "\nSources\n-------\n\n[1] ",
        "[2]",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    for line in text.lines() {
        assert!(
            unicode_columns(line) <= 78 || line.trim_start().starts_with("http"),
            "line wider than 78 columns: {line:?}"
        );
    }
}

fn unicode_columns(line: &str) -> usize {
    dossier::model::text::display_width(line)
}

#[test]
fn export_names_existing_briefings_for_an_unknown_id() {
    let output = dossier(&["export", "--briefing", "nope"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("unknown briefing \"nope\"; this dossier has: china-waico-proposal, us-china-plans-side-by-side"),
        "{err}"
    );
}

#[test]
fn export_writes_to_a_file_with_o() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brief.md");
    let output = dossier(&[
        "export",
        "tests/fixtures/small.json",
        "--briefing",
        "brief",
        "--format",
        "markdown",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("# Shanghai\n"), "{written}");
    assert!(Path::new(&out).exists());
}

#[test]
fn generate_writes_a_valid_dossier_of_the_requested_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("big.json");
    let output = dossier(&[
        "generate",
        "2500",
        "-o",
        out.to_str().unwrap(),
        "--seed",
        "3",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let validated = dossier(&["validate", out.to_str().unwrap()]);
    assert_eq!(validated.status.code(), Some(0), "{}", stderr(&validated));
    assert!(
        stdout(&validated).contains(": ok: 2500 events"),
        "{}",
        stdout(&validated)
    );
    // Deterministic: the same seed writes the same bytes.
    let again = dir.path().join("again.json");
    dossier(&[
        "generate",
        "2500",
        "-o",
        again.to_str().unwrap(),
        "--seed",
        "3",
    ]);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn export_writes_a_briefing_as_html_with_its_timeline() {
    let output = dossier(&[
        "export",
        "--briefing",
        "china-waico-proposal",
        "--format",
        "html",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = stdout(&output);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<title>China proposes a World AI Cooperation Organization</title>"));
    // The picture of the briefing's events is drawn and embedded: a PNG in base64.
    assert!(html.contains("src=\"data:image/png;base64,iVBORw0KGgo"));
    // HTML is for briefings; without one the command says so.
    let whole = dossier(&["export", "--format", "html"]);
    assert_eq!(whole.status.code(), Some(2), "{}", stderr(&whole));
    assert!(stderr(&whole).contains("--briefing"), "{}", stderr(&whole));
}

#[test]
fn export_writes_a_briefing_as_pdf_that_a_pdf_library_reads() {
    let dir = tempfile::tempdir().unwrap();
    for (format, width) in [("pdf", 595.28_f32), ("pdf-letter", 612.0)] {
        let out = dir.path().join(format!("{format}.pdf"));
        let output = dossier(&[
            "export",
            "--briefing",
            "china-waico-proposal",
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let pdf = lopdf::Document::load(&out).unwrap();
        let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
        assert!(pages.len() >= 2, "{format}: {} pages", pages.len());
        let first = pdf.get_pages()[&1];
        let media_box = pdf
            .get_dictionary(first)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .clone();
        let page_width = media_box[2].as_float().unwrap();
        assert!((page_width - width).abs() < 0.5, "{format}: {page_width}");
        let text = pdf.extract_text(&pages).unwrap();
        for needle in [
            "China proposes a World AI Cooperation Organization",
            "[1 C]",
            "rests on a single source",
            "References",
            "fairly reliable",
        ] {
            assert!(text.contains(needle), "{format}: no {needle:?} in\n{text}");
        }
        // The picture of the briefing's events is embedded as an image.
        assert!(
            pdf.objects
                .values()
                .any(|o| o.as_stream().is_ok_and(|s| s.dict.has_type(b"XObject")
                    || s.dict
                        .get(b"Subtype")
                        .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Image")))),
            "{format}: no image"
        );
    }
}
