//! `kill -9` during saves: a child process saves a large dossier over and over,
//! alternating two versions, and is killed with SIGKILL at random moments, hundreds of
//! times. After every kill the file on disk (and its `.bak`) must be exactly one of the two
//! versions, never torn, and the only other files left are the documented temporary
//! files of the killed process (`.NAME.PID.tmp`, `.NAME.PID.bak.tmp`).
//!
//! The child is this test binary run again (`current_exe`) on the single test
//! [`child_saves_in_a_loop`], which does nothing unless `DOSSIER_KILL_TEST_DIR` is set.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

use std::fs;
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use dossier::formats::load_file;
use dossier::formats::save::{backup_path, save_with_backup, write_atomically};
use dossier::model::generate::{GenerateOptions, generate};

const DIR_VAR: &str = "DOSSIER_KILL_TEST_DIR";
const CHILD_TEST: &str = "child_saves_in_a_loop";
/// What the child prints once it is about to save.
const READY: &str = "kill-test-child-ready";
/// At least this many kills; more if time allows.
const KILLS: usize = 300;
/// Events in the dossier saved: about 3 MB of JSON.
const EVENTS: usize = 5_000;

/// Where the child saves, and the two versions it alternates between.
struct Setup {
    target: PathBuf,
    version_a: PathBuf,
    version_b: PathBuf,
}

impl Setup {
    fn in_dir(dir: &Path) -> Self {
        Self {
            target: dir.join("work").join("story.json"),
            version_a: dir.join("a.json"),
            version_b: dir.join("b.json"),
        }
    }
}

/// The child: saves B, A, B, A… (or A, B… when B is on disk) with a backup each time,
/// until killed. Says it is ready once it has both versions in memory, so that kills
/// land during saves, not during start-up.
#[test]
fn child_saves_in_a_loop() {
    let Some(dir) = std::env::var_os(DIR_VAR) else {
        return; // An ordinary test run: nothing to do.
    };
    let setup = Setup::in_dir(Path::new(&dir));
    let mut a = fs::read(&setup.version_a).unwrap();
    let mut b = fs::read(&setup.version_b).unwrap();
    // Start with the version that is not on disk, so that every save changes the file.
    if fs::read(&setup.target).is_ok_and(|on_disk| on_disk == a) {
        std::mem::swap(&mut a, &mut b);
    }
    // On a line of its own: the test harness has printed "test NAME ... " before.
    println!("\n{READY}");
    // Bounded, so that a child whose parent died does not save forever.
    let started = Instant::now();
    while started.elapsed() < Duration::from_mins(1) {
        for bytes in [&a, &b] {
            save_with_backup(&setup.target, bytes).unwrap();
        }
    }
}

/// A small xorshift generator: no dependency, and the seed is printed to replay a run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn kill_9_during_saves_never_tears_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let setup = Setup::in_dir(dir.path());
    let work = setup.target.parent().unwrap().to_owned();
    fs::create_dir(&work).unwrap();

    // Two versions of a large dossier, different in size and content.
    let mut dossier = generate(GenerateOptions {
        events: EVENTS,
        seed: 11,
    });
    let a = dossier.to_json().into_bytes();
    dossier.title.push_str(" (edited)");
    for event in dossier.events.iter_mut().step_by(7) {
        event.title = format!("{} (revised)", event.title).into();
    }
    let b = dossier.to_json().into_bytes();
    assert_ne!(a.len(), b.len());
    fs::write(&setup.version_a, &a).unwrap();
    fs::write(&setup.version_b, &b).unwrap();
    write_atomically(&setup.target, &a).unwrap();

    // Kills are spread over a few saves' time, measured here.
    let started = Instant::now();
    save_with_backup(&setup.target, &b).unwrap();
    save_with_backup(&setup.target, &a).unwrap();
    let save_time = started.elapsed() / 2;
    let max_delay = (save_time * 3).max(Duration::from_millis(5));

    let seed = std::env::var("DOSSIER_KILL_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = Rng(seed);
    let exe = std::env::current_exe().unwrap();
    let target_name = setup
        .target
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let backup_name = backup_path(&setup.target)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();

    let mut kills = 0;
    let mut mid_write = 0;
    let (mut on_a, mut on_b) = (0, 0);
    let loop_started = Instant::now();
    while kills < KILLS {
        let mut child = Command::new(&exe)
            .args(["--exact", CHILD_TEST, "--nocapture", "--test-threads=1"])
            .env(DIR_VAR, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        let stdout = child.stdout.take().unwrap();
        let (ready_tx, ready_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let ready = BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .any(|line| line.trim() == READY);
            let _ = ready_tx.send(ready);
        });
        let ready = ready_rx.recv_timeout(Duration::from_secs(30));
        if ready != Ok(true) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the child did not start saving: {ready:?}");
        }
        let delay = Duration::from_micros(rng.below(max_delay.as_micros() as u64));
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL on Unix.
        child.wait().unwrap();
        kills += 1;

        // The file is one version or the other, whole.
        let on_disk = fs::read(&setup.target).unwrap();
        if on_disk == a {
            on_a += 1;
        } else if on_disk == b {
            on_b += 1;
        } else {
            panic!(
                "torn file after kill {kills} (seed {seed}): {} bytes, neither A ({}) nor B ({})",
                on_disk.len(),
                a.len(),
                b.len()
            );
        }
        let backup = backup_path(&setup.target);
        if backup.exists() {
            let kept = fs::read(&backup).unwrap();
            assert!(
                kept == a || kept == b,
                "torn backup after kill {kills} (seed {seed})"
            );
        }
        // Anything else is a temporary file of the killed child, of the documented kind.
        let temporaries = [
            format!(".{target_name}.{pid}.tmp"),
            format!(".{target_name}.{pid}.bak.tmp"),
        ];
        let mut left = false;
        for entry in fs::read_dir(&work).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name == target_name || name == backup_name {
                continue;
            }
            assert!(
                temporaries.contains(&name),
                "unexpected file {name} after kill {kills} (seed {seed})"
            );
            left = true;
            fs::remove_file(work.join(&name)).unwrap();
        }
        if left {
            mid_write += 1;
        }
    }
    let elapsed = loop_started.elapsed();
    // What survived still opens.
    load_file(&setup.target).unwrap();
    println!(
        "kill -9 during saves: {kills} kills, {mid_write} mid-write (temporary file left \
         behind), file afterwards A {on_a} / B {on_b} times, never torn; {} bytes per save, \
         one save {save_time:?}, kills within {max_delay:?}, {elapsed:.1?} in all, seed {seed}",
        a.len()
    );
    assert!(
        mid_write > 0,
        "no kill landed during a write: the test did not test anything"
    );
}
