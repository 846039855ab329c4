//! The rooms of the crate and the rules between them, checked on the source text (see
//! `docs/architecture.md`):
//! - no import cycles between modules (a file is a module; a module's `mod.rs` counts as
//!   the module itself, and re-exports are followed to where an item is defined);
//! - each room imports only the rooms below it (`model` ← `formats` ← `state` ← `ui` ←
//!   `cli`), and the model, formats and state never touch egui;
//! - no source file over 600 lines unless its first comment says why it is one file.
//!
//! Off-the-shelf checkers were tried first: `cargo-cycles` 0.2 follows only `use super::`
//! lines, and reported no cycle in a tree that had three. This one reads every path that
//! starts at `crate`, `super`, `self` or a child module, inline paths included.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Lines a source file may have before its first comment must say why it is one file.
const MAX_LINES: usize = 600;

/// Which rooms each room may import (besides itself). The crate root (`lib.rs`) only
/// declares rooms.
const ALLOWED: [(&str, &[&str]); 6] = [
    ("model", &[]),
    ("formats", &["model"]),
    ("platform", &["formats", "model"]),
    ("state", &["formats", "model"]),
    ("ui", &["state", "formats", "model", "platform"]),
    ("cli", &["ui", "state", "formats", "model", "platform"]),
];

/// External crates a room must not use: the model, formats and state are plain Rust that
/// the command line and the tests use without a window.
const FORBIDDEN_CRATES: [(&str, &[&str]); 3] = [
    ("model", &["egui", "eframe", "rfd", "notify"]),
    ("formats", &["egui", "eframe", "rfd", "notify"]),
    ("state", &["egui", "eframe", "rfd"]),
];

/// One module: its path (`ui::app`; empty for the crate root) and its code with comments,
/// strings and test modules removed.
struct Module {
    path: String,
    file: String,
    code: String,
}

/// Source text with comments, string and char literals blanked, so that prose and
/// messages never look like paths.
fn strip(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('#') || next == Some('"')) && !is_ident(prev(&chars, i))
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) == Some(&'"') {
                j += 1;
                loop {
                    if j >= chars.len() {
                        break;
                    }
                    if chars[j] == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j;
            } else {
                out.push(c);
                i += 1;
            }
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('\\') {
            // An escaped char literal: '\n', '\u{…}'.
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev(chars: &[char], i: usize) -> char {
    if i == 0 { ' ' } else { chars[i - 1] }
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Cuts `#[cfg(test)] mod name { … }` blocks: tests may reach anywhere.
fn without_test_modules(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        let after = rest[at + "#[cfg(test)]".len()..].trim_start();
        let is_module = after.starts_with("mod ") || after.starts_with("pub mod ");
        let Some(open) = after.find('{').filter(|_| is_module) else {
            out.push_str(&rest[..=at]);
            rest = &rest[at + 1..];
            continue;
        };
        out.push_str(&rest[..at]);
        let body = &after[open..];
        let mut depth = 0;
        let mut end = body.len();
        for (k, ch) in body.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

/// Every module of `src/` (the library; `main.rs` is the binary and uses the library's
/// public paths).
fn modules(src: &Path) -> Vec<Module> {
    let mut found = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts == ["main"] {
                continue;
            }
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            found.push(Module {
                path: parts.join("::"),
                file: format!("src/{}", path.strip_prefix(src).unwrap().display()),
                code: without_test_modules(&strip(&text)),
            });
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_owned()
    } else {
        format!("{base}::{name}")
    }
}

fn parent(path: &str) -> String {
    path.rsplit_once("::")
        .map_or(String::new(), |(p, _)| p.to_owned())
}

/// The paths a module's code names, as segment lists, each with the module it starts
/// from: `crate::a::b` from the root, `super::x` from the parent, `self::x` and
/// `child::x` from the module itself. `use a::{b, c::d}` groups are expanded.
fn referenced_paths(module: &Module, children: &BTreeSet<String>) -> Vec<(String, Vec<String>)> {
    let code = &module.code;
    let bytes = code.as_bytes();
    let mut paths = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !is_ident(bytes[i - 1] as char) && bytes[i - 1] != b':';
        if !starts_word || !is_ident(bytes[i] as char) {
            i += 1;
            continue;
        }
        let word_end = (i..bytes.len())
            .find(|&k| !is_ident(bytes[k] as char))
            .unwrap_or(bytes.len());
        let word = &code[i..word_end];
        // Only a path when `::` follows: `pub(super)` and `self.field` are not imports.
        let is_path = code[word_end..].starts_with("::");
        let base = match word {
            _ if !is_path => None,
            "crate" => Some(String::new()),
            "super" => Some(parent(&module.path)),
            "self" => Some(module.path.clone()),
            _ if children.contains(&join(&module.path, word)) => Some(module.path.clone()),
            _ => None,
        };
        if let Some(base) = base {
            let start = if matches!(word, "crate" | "super" | "self") {
                word_end
            } else {
                i
            };
            let mut found = Vec::new();
            let end = expand(code, start, Vec::new(), &mut found);
            for mut segments in found {
                if word == "super" {
                    // `super::super::x`: each further `super` climbs once more.
                    let mut base = base.clone();
                    while segments.first().is_some_and(|s| s == "super") {
                        segments.remove(0);
                        base = parent(&base);
                    }
                    paths.push((base, segments));
                } else {
                    paths.push((base.clone(), segments));
                }
            }
            i = end.max(word_end);
        } else {
            i = word_end;
        }
    }
    paths
}

/// Reads `::a::b`, `::{a, b::c}` or `a::b` at `at`; pushes every full path to `out`.
fn expand(code: &str, mut at: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let bytes = code.as_bytes();
    let mut segments = prefix;
    loop {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if code[at..].starts_with("::") {
            at += 2;
            continue;
        }
        if at < bytes.len() && bytes[at] == b'{' {
            at += 1;
            loop {
                at = expand(code, at, segments.clone(), out);
                while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                match bytes.get(at) {
                    Some(b',') => at += 1,
                    Some(b'}') => return at + 1,
                    _ => return at,
                }
                while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                if bytes.get(at) == Some(&b'}') {
                    return at + 1;
                }
            }
        }
        let end = (at..bytes.len())
            .find(|&k| !is_ident(bytes[k] as char))
            .unwrap_or(bytes.len());
        if end == at {
            if bytes.get(at) == Some(&b'*') {
                segments.push("*".to_owned());
                at += 1;
            }
            out.push(segments);
            return at;
        }
        segments.push(code[at..end].to_owned());
        at = end;
        if !code[at..].trim_start().starts_with("::") {
            out.push(segments);
            return at;
        }
    }
}

/// What the modules are and what they re-export, to find where a named item lives.
struct Crate {
    modules: BTreeSet<String>,
    /// Per module: item name → module path it is re-exported from (`pub use a::B`).
    reexports: BTreeMap<String, BTreeMap<String, String>>,
    /// Per module: modules whose every item it re-exports (`pub use a::*`).
    globs: BTreeMap<String, Vec<String>>,
    /// Per module: the items it defines itself.
    items: BTreeMap<String, BTreeSet<String>>,
}

impl Crate {
    fn new(modules: &[Module]) -> Self {
        let names: BTreeSet<String> = modules.iter().map(|m| m.path.clone()).collect();
        let mut krate = Self {
            modules: names,
            reexports: BTreeMap::new(),
            globs: BTreeMap::new(),
            items: BTreeMap::new(),
        };
        for module in modules {
            let mut items = BTreeSet::new();
            for keyword in [
                "fn",
                "struct",
                "enum",
                "const",
                "static",
                "type",
                "trait",
                "macro_rules!",
            ] {
                let needle = format!("{keyword} ");
                for (at, _) in module.code.match_indices(&needle) {
                    if at > 0 && is_ident(module.code.as_bytes()[at - 1] as char) {
                        continue;
                    }
                    let name: String = module.code[at + needle.len()..]
                        .chars()
                        .take_while(|&c| is_ident(c))
                        .collect();
                    if !name.is_empty() {
                        items.insert(name);
                    }
                }
            }
            krate.items.insert(module.path.clone(), items);
        }
        for module in modules {
            let children = krate.children_of(&module.path);
            for statement in module.code.split("pub use ").skip(1) {
                let Some(statement) = statement.split(';').next() else {
                    continue;
                };
                let statement = format!("self::{statement}");
                let fake = Module {
                    path: module.path.clone(),
                    file: module.file.clone(),
                    code: statement,
                };
                for (base, segments) in referenced_paths(&fake, &children) {
                    let Some((last, init)) = segments.split_last() else {
                        continue;
                    };
                    let from = krate.walk(&base, init).0;
                    if last == "*" {
                        krate
                            .globs
                            .entry(module.path.clone())
                            .or_default()
                            .push(from);
                    } else {
                        let name = if last == "self" {
                            init.last().unwrap_or(last)
                        } else {
                            last
                        };
                        krate
                            .reexports
                            .entry(module.path.clone())
                            .or_default()
                            .insert(name.clone(), from);
                    }
                }
            }
        }
        krate
    }

    fn children_of(&self, path: &str) -> BTreeSet<String> {
        self.modules
            .iter()
            .filter(|m| parent(m) == path && !m.is_empty())
            .cloned()
            .collect()
    }

    /// Follows segments through modules as far as they go; returns the module reached
    /// and the first segment that is not a module (an item name), if any.
    fn walk(&self, base: &str, segments: &[String]) -> (String, Option<String>) {
        let mut current = base.to_owned();
        for segment in segments {
            let next = join(&current, segment);
            if self.modules.contains(&next) {
                current = next;
            } else {
                return (current, Some(segment.clone()));
            }
        }
        (current, None)
    }

    /// The module that defines `item` as seen from `module`, following re-exports.
    fn origin(&self, module: &str, item: &str, depth: usize) -> String {
        if depth > 16 || self.items.get(module).is_some_and(|i| i.contains(item)) {
            return module.to_owned();
        }
        if let Some(from) = self.reexports.get(module).and_then(|r| r.get(item)) {
            if self.modules.contains(&join(from, item)) {
                return join(from, item);
            }
            return self.origin(from, item, depth + 1);
        }
        for glob in self.globs.get(module).into_iter().flatten() {
            let found = self.origin(glob, item, depth + 1);
            if found != *glob || self.items.get(glob).is_some_and(|i| i.contains(item)) {
                return found;
            }
        }
        module.to_owned()
    }

    /// The module a path leads to.
    fn resolve(&self, base: &str, segments: &[String]) -> String {
        match self.walk(base, segments) {
            (module, Some(item)) if item != "*" && item != "self" => self.origin(&module, &item, 0),
            (module, _) => module,
        }
    }
}

/// Edges between modules, each with the file that makes it.
fn dependencies(modules: &[Module]) -> BTreeMap<(String, String), String> {
    let krate = Crate::new(modules);
    let mut edges = BTreeMap::new();
    for module in modules {
        let children = krate.children_of(&module.path);
        for (base, segments) in referenced_paths(module, &children) {
            let target = krate.resolve(&base, &segments);
            if target != module.path && !target.is_empty() {
                edges
                    .entry((module.path.clone(), target))
                    .or_insert_with(|| module.file.clone());
            }
        }
    }
    edges
}

/// Groups of modules that import each other in a circle (Tarjan's algorithm).
fn cycles(edges: &BTreeMap<(String, String), String>) -> Vec<Vec<String>> {
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        graph.entry(from).or_default().push(to);
        graph.entry(to).or_default();
    }
    struct Tarjan<'a> {
        graph: &'a BTreeMap<&'a str, Vec<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        groups: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, node: &'a str) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.insert(node);
            for &next in &self.graph[node] {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut group = Vec::new();
                while let Some(member) = self.stack.pop() {
                    self.on_stack.remove(member);
                    group.push(member.to_owned());
                    if member == node {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.groups.push(group);
                }
            }
        }
    }
    let mut tarjan = Tarjan {
        graph: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        groups: Vec::new(),
    };
    for &node in graph.keys() {
        if !tarjan.index.contains_key(node) {
            tarjan.visit(node);
        }
    }
    tarjan.groups
}

fn room(path: &str) -> &str {
    path.split("::").next().unwrap_or("")
}

/// Imports that go up or sideways between rooms.
fn layering_violations(edges: &BTreeMap<(String, String), String>) -> Vec<String> {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.into_iter().collect();
    edges
        .iter()
        .filter_map(|((from, to), file)| {
            let (a, b) = (room(from), room(to));
            let ok =
                a == b || a.is_empty() || allowed.get(a).is_some_and(|rooms| rooms.contains(&b));
            (!ok).then(|| format!("{file}: {from} imports {to}, but {a} may not import {b}"))
        })
        .collect()
}

fn describe_cycles(groups: &[Vec<String>], edges: &BTreeMap<(String, String), String>) -> String {
    let mut text = String::new();
    for group in groups {
        text.push_str(&format!("\ncycle between {}:", group.join(", ")));
        for ((from, to), file) in edges {
            if group.contains(from) && group.contains(to) {
                text.push_str(&format!("\n  {from} -> {to} ({file})"));
            }
        }
    }
    text
}

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_module_imports_another_in_a_circle() {
    let modules = modules(&src());
    assert!(modules.len() > 30, "found only {} modules", modules.len());
    let edges = dependencies(&modules);
    let groups = cycles(&edges);
    assert!(groups.is_empty(), "{}", describe_cycles(&groups, &edges));
}

#[test]
fn each_room_imports_only_the_rooms_below_it() {
    let edges = dependencies(&modules(&src()));
    // The check sees real imports: the window is built on the state and the model.
    assert!(
        edges
            .keys()
            .any(|(from, to)| from.starts_with("ui::app") && room(to) == "state")
    );
    let violations = layering_violations(&edges);
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn model_formats_and_state_do_without_the_window() {
    let forbidden: BTreeMap<&str, &[&str]> = FORBIDDEN_CRATES.into_iter().collect();
    let mut found = Vec::new();
    for module in modules(&src()) {
        let Some(crates) = forbidden.get(room(&module.path)) else {
            continue;
        };
        for name in *crates {
            let used = module
                .code
                .match_indices(&format!("{name}::"))
                .any(|(at, _)| {
                    at == 0
                        || !is_ident(module.code.as_bytes()[at - 1] as char)
                            && module.code.as_bytes()[at - 1] != b':'
                });
            if used {
                found.push(format!("{}: uses {name}", module.file));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn no_source_file_is_longer_than_a_reader_can_hold() {
    let mut long = Vec::new();
    for module in modules(&src()) {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&module.file))
                .unwrap();
        let lines = text.lines().count();
        let first_comment: String = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join(" ");
        if lines > MAX_LINES && !first_comment.contains("one file") {
            long.push(format!("{}: {lines} lines", module.file));
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines whose first comment does not say why they are one file:\n{}",
        long.join("\n")
    );
}

// The checker itself, on small made-up crates, so that it is known to catch what it is for.

fn module(path: &str, code: &str) -> Module {
    Module {
        path: path.to_owned(),
        file: format!("{path}.rs"),
        code: without_test_modules(&strip(code)),
    }
}

#[test]
fn a_cycle_through_a_reexport_is_found() {
    let modules = [
        module("", "pub mod model;"),
        module(
            "model",
            "pub mod document; pub mod validate; pub use document::Document;",
        ),
        module(
            "model::document",
            "use super::validate::check; pub struct Document;",
        ),
        // Names the re-export in model/mod.rs; it leads to model::document.
        module(
            "model::validate",
            "pub fn check(d: &crate::model::Document) {}",
        ),
    ];
    let edges = dependencies(&modules);
    let groups = cycles(&edges);
    assert_eq!(
        groups,
        [vec![
            "model::document".to_owned(),
            "model::validate".to_owned()
        ]]
    );
}

#[test]
fn inline_paths_grouped_imports_and_a_parent_module_count() {
    let modules = [
        module("", "pub mod ui; pub mod platform;"),
        module(
            "platform",
            "pub mod desktop; pub const ID: &str = \"crate::ui::x\";",
        ),
        // An inline path in an expression, not a `use` line.
        module(
            "platform::desktop",
            "fn f() { let id = crate::ui::APP_ID; }",
        ),
        module(
            "ui",
            "pub mod app; pub const APP_ID: &str = \"\"; fn icon() { crate::platform::desktop::f(); }",
        ),
        module("ui::app", "use super::{APP_ID, other::{Thing}};"),
    ];
    let edges = dependencies(&modules);
    assert!(edges.contains_key(&("platform::desktop".to_owned(), "ui".to_owned())));
    assert!(edges.contains_key(&("ui::app".to_owned(), "ui".to_owned())));
    // The string "crate::ui::x" in `platform` is not an import.
    assert!(!edges.contains_key(&("platform".to_owned(), "ui".to_owned())));
    assert_eq!(cycles(&edges).len(), 1);
    let violations = layering_violations(&edges);
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert!(violations[0].contains("platform may not import ui"));
}

#[test]
fn comments_strings_and_tests_are_not_imports() {
    let modules = [
        module("", "pub mod a; pub mod b;"),
        module(
            "a",
            "// use crate::b::X;\n/* crate::b::Y */ const S: &str = r#\"crate::b::Z\"#; \
             const C: char = '\"'; fn f() {}\n#[cfg(test)]\nmod tests { use crate::b::W; }",
        ),
        module("b", "use crate::a::f;"),
        // Visibility is not an import of the parent.
        module("b::c", "pub(super) fn g() {} pub(crate) fn h() { self.x; }"),
    ];
    let edges = dependencies(&modules);
    assert_eq!(
        edges.keys().cloned().collect::<Vec<_>>(),
        [("b".to_owned(), "a".to_owned())]
    );
}
