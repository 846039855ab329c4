//! The whole dossier as Markdown. The output is deterministic: the same dossier gives
//! the same bytes.

use std::collections::HashMap;

use super::chronology::{events_in_order, lane_label};
use crate::model::Span;
use crate::model::briefing_view::BriefingView;
use crate::model::dataset::{Certainty, EntityKind};
use crate::model::date::{FuzzyDate, display_year};
use crate::model::document::Document;

/// The whole dossier in Markdown: title and description, the chronology by year (dates
/// written out, lane, sources as numbered references, summaries), periods, entities by
/// kind with their aliases and events, the numbered sources, then every briefing as its
/// own export renders it (headings moved two levels down, under "Briefings"). The text
/// ends with one line break.
pub fn dossier_markdown(document: &Document) -> String {
    let dossier = &document.dossier;
    let index = &document.index;
    let mut out = format!("# {}\n\n", dossier.title.trim());
    paragraphs(&mut out, &dossier.description, "");

    // Sources are numbered in the order the chronology first cites them, then the rest.
    let order = events_in_order(document);
    let mut numbered: Vec<usize> = Vec::new();
    for &i in &order {
        for id in &dossier.events[i].sources {
            if let Some(s) = index.source(id)
                && !numbered.contains(&s)
            {
                numbered.push(s);
            }
        }
    }
    for s in 0..dossier.sources.len() {
        if !numbered.contains(&s) && index.source(&dossier.sources[s].id) == Some(s) {
            numbered.push(s);
        }
    }
    let number_of = |id: &str| {
        index
            .source(id)
            .and_then(|s| numbered.iter().position(|&n| n == s))
            .map(|p| p + 1)
    };

    if !order.is_empty() {
        out.push_str("## Chronology\n\n");
        let mut year: Option<Option<i64>> = None;
        for &i in &order {
            let event = &dossier.events[i];
            let span = event.span();
            let event_year = span.map(|s| s.start.year);
            if year != Some(event_year) {
                year = Some(event_year);
                let heading = event_year.map_or_else(|| "Undated".to_owned(), display_year);
                out.push_str(&format!("### {heading}\n\n"));
            }
            let date = span.map_or_else(|| event.start.to_string(), |span| span.long());
            let mut note = lane_label(document, &event.lane).to_owned();
            if event.certainty() != Certainty::Confirmed {
                note.push_str("; ");
                note.push_str(event.certainty().key());
            }
            let marks: String = event
                .sources
                .iter()
                .filter_map(|id| number_of(id))
                .map(|n| format!(" [{n}]"))
                .collect();
            out.push_str(&format!(
                "- **{date}**: {} *({note})*{marks}\n",
                event.title.trim()
            ));
            out.push('\n');
            paragraphs(&mut out, &event.summary, "  ");
        }
    }

    if !dossier.periods.is_empty() {
        out.push_str("## Periods\n\n");
        for (i, period) in dossier.periods.iter().enumerate() {
            let span = index
                .period_span(i)
                .map_or_else(|| format!("{} – {}", period.start, period.end), Span::long);
            out.push_str(&format!("- **{}** ({span})", period.label.trim()));
            if !period.description.trim().is_empty() {
                out.push_str(&format!(
                    ": {}",
                    period
                        .description
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                ));
            }
            out.push('\n');
        }
        out.push('\n');
    }

    if !dossier.entities.is_empty() {
        out.push_str("## Entities\n\n");
        for kind in EntityKind::ALL {
            let of_kind: Vec<usize> = (0..dossier.entities.len())
                .filter(|&e| dossier.entities[e].kind == kind)
                .collect();
            if of_kind.is_empty() {
                continue;
            }
            out.push_str(&format!("### {}\n\n", kind.plural_label()));
            for e in of_kind {
                let entity = &dossier.entities[e];
                out.push_str(&format!("- **{}**", entity.name.trim()));
                if !entity.aliases.is_empty() {
                    out.push_str(&format!(" ({})", entity.aliases.join(", ")));
                }
                if !entity.description.trim().is_empty() {
                    out.push_str(&format!(": {}", entity.description.trim()));
                }
                out.push('\n');
                let events: Vec<String> = index
                    .entity_events(e)
                    .iter()
                    .map(|i| {
                        let event = &dossier.events[i];
                        let date = event
                            .span()
                            .map_or_else(|| event.start.to_string(), |span| span.long());
                        match event.role_of(&entity.id) {
                            Some(role) if !role.is_empty() => {
                                format!("{date}: {} ({role})", event.title.trim())
                            }
                            _ => format!("{date}: {}", event.title.trim()),
                        }
                    })
                    .collect();
                if !events.is_empty() {
                    out.push_str(&format!("  Events: {}\n", events.join("; ")));
                }
            }
            out.push('\n');
        }
    }

    if !numbered.is_empty() {
        out.push_str("## Sources\n\n");
        for (n, &s) in numbered.iter().enumerate() {
            let source = &dossier.sources[s];
            let title = if source.url.is_empty() {
                source.title.trim().to_owned()
            } else {
                format!("[{}]({})", source.title.trim(), source.url)
            };
            let published = FuzzyDate::parse(&source.published)
                .map_or_else(|_| source.published.to_string(), |d| d.long());
            let details: Vec<&str> = [source.publisher.as_str(), published.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            out.push_str(&format!("{}. {title}.", n + 1));
            if !details.is_empty() {
                out.push_str(&format!(" {}.", details.join(", ")));
            }
            out.push('\n');
        }
        out.push('\n');
    }

    if !dossier.briefings.is_empty() {
        out.push_str("## Briefings\n\n");
        for briefing in &dossier.briefings {
            let mut view = BriefingView::new(document, briefing);
            // One numbering for the whole document: a briefing's [n] is the dossier's
            // source n, listed under Sources above, not a list of its own.
            let to_dossier: HashMap<usize, usize> = view
                .sources
                .iter()
                .filter_map(|s| Some((s.number, numbered.iter().position(|&n| n == s.source)? + 1)))
                .collect();
            let cited = !view.sources.is_empty();
            view.sources.clear();
            view.summary = renumber_citations(&view.summary, &to_dossier);
            for (_, body) in &mut view.sections {
                *body = renumber_citations(body, &to_dossier);
            }
            for entry in &mut view.chronology {
                for n in &mut entry.source_numbers {
                    *n = to_dossier.get(n).copied().unwrap_or(*n);
                }
            }
            out.push_str(&demote_headings(&view.to_markdown(), 2));
            if cited {
                out.push_str("\n\n*Numbers in brackets refer to the Sources above.*");
            }
            out.push_str("\n\n");
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// A text with each citation mark `[n]` renumbered by `map` (marks not in it stay).
fn renumber_citations(text: &str, map: &HashMap<usize, usize>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let digits = rest[1..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - 1);
        let renumbered = (digits > 0 && rest[1 + digits..].starts_with(']'))
            .then(|| rest[1..=digits].parse::<usize>().ok())
            .flatten()
            .and_then(|n| map.get(&n));
        if let Some(n) = renumbered {
            out.push_str(&format!("[{n}]"));
            rest = &rest[digits + 2..];
        } else {
            out.push('[');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Appends the paragraphs of a text (blank-line separated), each line indented.
fn paragraphs(out: &mut String, text: &str, indent: &str) {
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        let lines: Vec<String> = paragraph
            .trim()
            .lines()
            .map(|l| format!("{indent}{}", l.trim()))
            .collect();
        out.push_str(&lines.join("  \n"));
        out.push_str("\n\n");
    }
}

/// Moves every ATX heading (`# Title`) of a Markdown text down by `levels`.
fn demote_headings(markdown: &str, levels: usize) -> String {
    markdown
        .lines()
        .map(|line| {
            let hashes = line.chars().take_while(|&c| c == '#').count();
            if hashes > 0 && line[hashes..].starts_with(' ') {
                format!("{}{line}", "#".repeat(levels))
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
