//! The corpus of broken dossiers (`tests/fixtures/bad/`, listed in its README): every file
//! gives exactly its expected error, loading never panics or hangs, and the app keeps the
//! dossier it had open.
//!
//! Each committed `NAME.json` has a sibling `NAME.expected` with the exact lines of
//! `LoadError::lines()`, `FILE` standing for the path. The cases that would be large
//! files (100,000 levels of nesting, a 50 MB string, a file over the size limit) are
//! generated in a temporary directory, with their expected lines in [`generated_cases`].

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dossier::formats::load::{MAX_FILE_BYTES, MAX_TEXT_BYTES};
use dossier::formats::load_file;
use dossier::ui::{DossierApp, LaunchOptions};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// A broken file and the exact lines its load error must give.
struct Case {
    path: PathBuf,
    expected: Vec<String>,
}

fn bad_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

/// `FILE` at the start of an expected line stands for the path as the loader names it.
fn expand(path: &Path, text: &str) -> Vec<String> {
    let file = path.display().to_string();
    text.lines()
        .map(|line| match line.strip_prefix("FILE") {
            Some(rest) => format!("{file}{rest}"),
            None => line.to_owned(),
        })
        .collect()
}

/// Every committed `NAME.json` with its `NAME.expected`, in name order.
fn committed_cases() -> Vec<Case> {
    let mut names: Vec<String> = fs::read_dir(bad_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        let stem = name
            .strip_suffix(".json")
            .or_else(|| name.strip_suffix(".expected"));
        let Some(stem) = stem else {
            assert!(
                name == "README.md" || name == ".gitattributes",
                "unexpected file {name} in tests/fixtures/bad/"
            );
            continue;
        };
        assert!(
            names.contains(&format!("{stem}.json")) && names.contains(&format!("{stem}.expected")),
            "{name}: every case needs both NAME.json and NAME.expected"
        );
    }
    names
        .iter()
        .filter_map(|name| name.strip_suffix(".json"))
        .map(|stem| {
            let path = bad_dir().join(format!("{stem}.json"));
            let expected = fs::read_to_string(bad_dir().join(format!("{stem}.expected"))).unwrap();
            Case {
                expected: expand(&path, &expected),
                path,
            }
        })
        .collect()
}

/// A valid dossier on one line whose only event ends with `"key": value`.
fn one_line_dossier(key: &str, value: &str) -> String {
    format!(
        "{{\"format\": \"dossier\", \"version\": 1, \"title\": \"Generated\", \
         \"lanes\": [{{\"id\": \"main\", \"label\": \"Main\"}}], \"events\": [{{\"id\": \"e\", \
         \"title\": \"E\", \"start\": \"2025-07-26\", \"lane\": \"main\", \"{key}\": {value}}}]}}\n"
    )
}

/// The cases too large to commit, written into `dir`.
fn generated_cases(dir: &Path) -> Vec<Case> {
    let mut cases = Vec::new();

    // 100,000 levels of nesting in a key the format does not know (kept as it is read):
    // refused at the parser's depth limit of 128 levels, without recursion.
    let path = dir.join("deep-nesting.json");
    let depth = 100_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let text = one_line_dossier("x-deep", &nested);
    fs::write(&path, &text).unwrap();
    // The object, `events` and the event are 3 levels: the 126th bracket is refused, at
    // the column `serde_json` gives for it (the byte offset of that bracket).
    let after_lanes = text.find('[').unwrap() + 1;
    let first = text[after_lanes..].find("[[").unwrap() + after_lanes;
    let column = first + 125;
    cases.push(Case {
        expected: vec![format!(
            "{}:1:{column}: nesting too deep: more than 128 levels of arrays and objects",
            path.display()
        )],
        path,
    });

    // A 50 MB string: parsed, then refused by the text length limit, with its path.
    let path = dir.join("huge-string.json");
    let length = 50 * 1024 * 1024;
    fs::write(
        &path,
        one_line_dossier("summary", &format!("\"{}\"", "x".repeat(length))),
    )
    .unwrap();
    cases.push(Case {
        expected: vec![format!(
            "{}: error: events[0].summary: text of {length} bytes is longer than the \
             {MAX_TEXT_BYTES}-byte limit for one field",
            path.display()
        )],
        path,
    });

    // A file over the size limit: a sparse file, so it takes no disk space.
    let path = dir.join("too-large.json");
    fs::File::create(&path)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    cases.push(Case {
        expected: vec![format!(
            "{}: file is {} bytes, more than the {MAX_FILE_BYTES}-byte limit for a dossier",
            path.display(),
            MAX_FILE_BYTES + 1
        )],
        path,
    });

    // A file that is not there.
    let path = dir.join("missing.json");
    cases.push(Case {
        expected: vec![format!(
            "{}: No such file or directory (os error 2)",
            path.display()
        )],
        path,
    });
    cases
}

/// Loads a case, checking it fails with exactly the expected lines, quickly.
fn check(case: &Case) {
    let started = Instant::now();
    let error = match load_file(&case.path) {
        Ok(document) => panic!(
            "{} loaded ({} events) but should fail with {:?}",
            case.path.display(),
            document.dossier.events.len(),
            case.expected
        ),
        Err(error) => error,
    };
    assert_eq!(error.lines(), case.expected, "{}", case.path.display());
    // One line per problem: a syntax error's `to_string` is its single line.
    if error.lines().len() == 1 && !matches!(error, dossier::formats::LoadError::Invalid { .. }) {
        assert_eq!(error.to_string(), case.expected[0]);
    }
    // Generous even for a debug build: a 50 MB file loads in well under this.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{} took {:?}",
        case.path.display(),
        started.elapsed()
    );
}

#[test]
fn every_committed_bad_file_gives_its_expected_error() {
    let cases = committed_cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    for case in &cases {
        check(case);
    }
}

#[test]
fn the_readme_lists_every_committed_case() {
    let readme = fs::read_to_string(bad_dir().join("README.md")).unwrap();
    for case in committed_cases() {
        let name = case
            .path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            readme.contains(&format!("`{name}`")),
            "README.md does not list {name}"
        );
    }
}

#[test]
fn generated_bad_files_give_their_expected_errors() {
    let dir = tempfile::tempdir().unwrap();
    for case in generated_cases(dir.path()) {
        check(&case);
    }
}

#[test]
fn a_text_at_the_length_limit_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long-but-allowed.json");
    let text = "é".repeat(MAX_TEXT_BYTES / 2);
    fs::write(&path, one_line_dossier("summary", &format!("\"{text}\""))).unwrap();
    let document = load_file(&path).unwrap();
    assert_eq!(document.dossier.events[0].summary.len(), MAX_TEXT_BYTES);
}

#[test]
fn directories_devices_and_pipes_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let error = load_file(dir.path()).unwrap_err();
    assert_eq!(
        error.lines(),
        [format!(
            "{}: not a dossier file: this is a directory",
            dir.path().display()
        )]
    );
    // Reading /dev/zero would never end; opening a pipe with no writer would block.
    let mut specials = vec![PathBuf::from("/dev/zero")];
    let fifo = dir.path().join("pipe.json");
    match std::process::Command::new("mkfifo").arg(&fifo).status() {
        Ok(status) if status.success() => specials.push(fifo),
        other => eprintln!("mkfifo unavailable ({other:?}): the pipe case is skipped"),
    }
    for path in specials.into_iter().filter(|p| p.exists()) {
        let error = load_file(&path).unwrap_err();
        assert_eq!(
            error.lines(),
            [format!(
                "{}: not a dossier file: this is a device, pipe or socket",
                path.display()
            )]
        );
    }
}

fn app() -> Harness<'static, DossierApp> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| {
            DossierApp::new(
                cc,
                LaunchOptions {
                    no_native_dialogs: true,
                    ..LaunchOptions::default()
                },
            )
        });
    harness.run();
    harness
}

#[test]
fn the_app_keeps_the_open_dossier_for_every_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases = committed_cases();
    cases.extend(generated_cases(dir.path()));

    let mut harness = app();
    let small = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.json");
    harness.state_mut().open_file(&small);
    harness.run();
    let title = harness.state().workspace.document.dossier.title.clone();
    let events = harness.state().workspace.document.dossier.events.len();
    assert_eq!((title.as_str(), events), ("Small test dossier", 2));

    for case in &cases {
        harness.state_mut().open_file(&case.path);
        harness.run();
        let name = case.path.display();
        let app = harness.state();
        assert_eq!(app.workspace.document.dossier.title, title, "{name}");
        assert_eq!(
            app.workspace.document.dossier.events.len(),
            events,
            "{name}"
        );
        let panel = app
            .error_panel
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no error panel"));
        assert_eq!(panel.lines, case.expected, "{name}");
        harness.get_by_label("Could not open the file");
        harness.get_by_label(&case.expected[0]);
    }
    assert!(
        harness
            .state()
            .window_title()
            .starts_with("Small test dossier")
    );
}
