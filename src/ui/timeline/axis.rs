//! Time-axis ticks that adapt to the zoom: years, months, days or hours, with steps
//! chosen so labels never crowd. Pure functions, unit-tested.

use super::time_format::year_label;
use crate::model::date::{civil_from_days, days_from_civil, display_year, month_name};

const DAY: i64 = 86_400;

/// The calendar unit and step between two ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TickStep {
    Hours(i64),
    Days(i64),
    Months(i64),
    Years(i64),
}

/// The ladder of steps, finest first.
const STEPS: &[TickStep] = &[
    TickStep::Hours(1),
    TickStep::Hours(3),
    TickStep::Hours(6),
    TickStep::Hours(12),
    TickStep::Days(1),
    TickStep::Days(2),
    // Between two days and a week: 15 days across a small window would show two ticks.
    TickStep::Days(3),
    TickStep::Days(7),
    TickStep::Days(14),
    TickStep::Months(1),
    TickStep::Months(2),
    TickStep::Months(3),
    TickStep::Months(6),
    TickStep::Years(1),
    TickStep::Years(2),
    TickStep::Years(5),
    TickStep::Years(10),
    TickStep::Years(20),
    TickStep::Years(50),
    TickStep::Years(100),
    TickStep::Years(200),
    TickStep::Years(500),
    TickStep::Years(1000),
    TickStep::Years(2000),
    TickStep::Years(5000),
    TickStep::Years(10_000),
    TickStep::Years(20_000),
    TickStep::Years(50_000),
    TickStep::Years(100_000),
    TickStep::Years(200_000),
    TickStep::Years(500_000),
    TickStep::Years(1_000_000),
    TickStep::Years(2_000_000),
    TickStep::Years(5_000_000),
    TickStep::Years(10_000_000),
    TickStep::Years(20_000_000),
    TickStep::Years(50_000_000),
    TickStep::Years(100_000_000),
    TickStep::Years(200_000_000),
    TickStep::Years(500_000_000),
    TickStep::Years(1_000_000_000),
    TickStep::Years(2_000_000_000),
    TickStep::Years(5_000_000_000),
    TickStep::Years(10_000_000_000),
    TickStep::Years(20_000_000_000),
    TickStep::Years(50_000_000_000),
];

impl TickStep {
    /// Typical length of one step, for choosing the step.
    pub fn approx_secs(self) -> f64 {
        match self {
            Self::Hours(n) => (n * 3600) as f64,
            Self::Days(n) => (n * DAY) as f64,
            Self::Months(n) => n as f64 * 30.44 * DAY as f64,
            Self::Years(n) => n as f64 * 365.2425 * DAY as f64,
        }
    }
}

/// One tick of the axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    pub secs: i64,
    pub label: String,
    /// A boundary of the next coarser unit (a year on a month axis, a month on a day
    /// axis): drawn stronger and labelled with more context.
    pub major: bool,
}

/// The finest step whose ticks are at least `min_spacing_px` apart.
pub fn choose_step(secs_per_px: f64, min_spacing_px: f64) -> TickStep {
    let min_secs = secs_per_px * min_spacing_px;
    STEPS
        .iter()
        .copied()
        // Labels in millions and billions of years ("66 million years ago") are about
        // twice as long as dates: their ticks need twice the room.
        .find(|s| {
            let room = if matches!(s, TickStep::Years(n) if *n >= 100_000) {
                2.0
            } else {
                1.0
            };
            s.approx_secs() >= min_secs * room
        })
        .unwrap_or(TickStep::Years(50_000_000_000))
}

/// Ticks between `start_secs` and `end_secs` for an axis `width_px` wide.
pub fn ticks(
    start_secs: f64,
    end_secs: f64,
    width_px: f64,
    min_spacing_px: f64,
) -> (TickStep, Vec<Tick>) {
    let span = (end_secs - start_secs).max(1.0);
    let step = choose_step(span / width_px.max(1.0), min_spacing_px);
    let start = start_secs.floor() as i64;
    let end = end_secs.ceil() as i64;
    let mut out = Vec::new();
    // Bounded: at most width / spacing ticks (plus the partial ones at both ends).
    let limit = (width_px / min_spacing_px.max(1.0)) as usize + 4;
    match step {
        TickStep::Hours(_) | TickStep::Days(1 | 2) => {
            let unit = match step {
                TickStep::Hours(n) => 3600 * n,
                TickStep::Days(n) => DAY * n,
                _ => DAY,
            };
            let mut t = start.div_euclid(unit) * unit;
            while t <= end && out.len() < limit {
                if t >= start {
                    out.push(day_or_hour_tick(t, step));
                }
                t += unit;
            }
        }
        TickStep::Days(n) => {
            // Weekly-ish steps restart at each month so ticks land on 1, 8, 15, 22 or 1, 15.
            let (mut year, mut month, _) = civil_from_days(start.div_euclid(DAY));
            while out.len() < limit {
                let first = days_from_civil(year, month, 1);
                let month_days = i64::from(crate::model::date::days_in_month(year, month));
                let mut d = 0;
                while d + n / 2 < month_days {
                    let t = (first + d) * DAY;
                    if t > end {
                        return (step, out);
                    }
                    if t >= start {
                        out.push(day_or_hour_tick(t, step));
                    }
                    d += n;
                }
                (year, month) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
            }
        }
        TickStep::Months(n) => {
            let (y0, m0, _) = civil_from_days(start.div_euclid(DAY));
            let mut months = y0 * 12 + i64::from(m0 - 1);
            months -= months.rem_euclid(n);
            while out.len() < limit {
                let year = months.div_euclid(12);
                let month = (months.rem_euclid(12) + 1) as u8;
                let t = days_from_civil(year, month, 1) * DAY;
                if t > end {
                    break;
                }
                if t >= start {
                    let major = month == 1;
                    let label = if major || out.is_empty() {
                        format!("{} {}", short_month(month), display_year(year))
                    } else {
                        short_month(month).to_owned()
                    };
                    out.push(Tick {
                        secs: t,
                        label,
                        major,
                    });
                }
                months += n;
            }
        }
        TickStep::Years(n) => {
            let (y0, _, _) = civil_from_days(start.div_euclid(DAY));
            let mut year = y0 - y0.rem_euclid(n);
            while out.len() < limit {
                let t = days_from_civil(year, 1, 1) * DAY;
                if t > end {
                    break;
                }
                if t >= start {
                    out.push(Tick {
                        secs: t,
                        label: year_label(year, n),
                        major: year.rem_euclid(n * 10) == 0,
                    });
                }
                year += n;
            }
        }
    }
    (step, out)
}

fn short_month(month: u8) -> &'static str {
    month_name(month).get(..3).unwrap_or("?")
}

fn day_or_hour_tick(t: i64, step: TickStep) -> Tick {
    let days = t.div_euclid(DAY);
    let (y, m, d) = civil_from_days(days);
    let secs_of_day = t.rem_euclid(DAY);
    if matches!(step, TickStep::Hours(_)) && secs_of_day != 0 {
        return Tick {
            secs: t,
            label: format!("{:02}:00", secs_of_day / 3600),
            major: false,
        };
    }
    let major = d == 1;
    let label = if major || matches!(step, TickStep::Hours(_)) {
        format!("{d} {} {}", short_month(m), display_year(y))
    } else {
        format!("{d} {}", short_month(m))
    };
    Tick {
        secs: t,
        label,
        major,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(y: i64, m: u8, d: u8) -> f64 {
        (days_from_civil(y, m, d) * DAY) as f64
    }

    #[test]
    fn step_adapts_to_zoom() {
        // Ten years over 1000 px: one tick every few years at most.
        let (step, _) = ticks(secs(2015, 1, 1), secs(2025, 1, 1), 1000.0, 80.0);
        assert_eq!(step, TickStep::Years(1));
        let (step, _) = ticks(secs(1910, 1, 1), secs(2025, 1, 1), 1000.0, 80.0);
        assert_eq!(step, TickStep::Years(10));
        let (step, ticks_) = ticks(secs(2025, 1, 1), secs(2026, 1, 1), 1000.0, 70.0);
        assert_eq!(step, TickStep::Months(1));
        assert_eq!(ticks_.len(), 13);
        assert_eq!(ticks_[0].label, "Jan 2025");
        assert_eq!(ticks_[6].label, "Jul");
        assert!(ticks_[12].major);
        let (step, ticks_) = ticks(secs(2025, 7, 20), secs(2025, 7, 31), 1100.0, 80.0);
        assert_eq!(step, TickStep::Days(1));
        assert_eq!(ticks_[0].label, "20 Jul");
        let (step, _) = ticks(secs(2025, 7, 26), secs(2025, 7, 27), 1000.0, 80.0);
        assert!(matches!(step, TickStep::Hours(_)));
    }

    #[test]
    fn ticks_are_spaced_at_least_the_minimum() {
        for (a, b) in [
            (secs(2025, 7, 1), secs(2025, 9, 1)),
            (secs(1990, 1, 1), secs(2030, 1, 1)),
            (secs(-500, 1, 1), secs(2025, 1, 1)),
        ] {
            let width = 900.0;
            let (_, t) = ticks(a, b, width, 60.0);
            assert!(t.len() >= 2, "{a}..{b}");
            let px_per_sec = width / (b - a);
            for pair in t.windows(2) {
                let gap = (pair[1].secs - pair[0].secs) as f64 * px_per_sec;
                assert!(
                    gap >= 60.0 * 0.45,
                    "ticks {} and {} only {gap:.0} px apart",
                    pair[0].label,
                    pair[1].label
                );
            }
            assert!(t.windows(2).all(|w| w[0].secs < w[1].secs));
        }
    }

    #[test]
    fn weekly_ticks_restart_each_month() {
        let (step, t) = ticks(secs(2025, 6, 25), secs(2025, 8, 20), 500.0, 60.0);
        assert_eq!(step, TickStep::Days(7));
        let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
        assert!(labels.contains(&"1 Jul 2025"), "{labels:?}");
        assert!(labels.contains(&"8 Jul"), "{labels:?}");
    }

    #[test]
    fn fifteen_days_in_a_small_window_get_several_ticks() {
        // The plot of an 800 px wide window.
        let (step, t) = ticks(secs(2025, 7, 18), secs(2025, 8, 2), 670.0, 90.0);
        assert_eq!(step, TickStep::Days(3));
        assert!(t.len() >= 4, "{t:?}");
    }

    #[test]
    fn deep_time_ticks_read_in_billions_of_years() {
        let (step, t) = ticks(secs(-13_800_000_000, 1, 1), secs(2025, 1, 1), 1200.0, 80.0);
        // Twice the room of a date label: 2 billion years a tick, not 1.
        assert_eq!(step, TickStep::Years(2_000_000_000));
        let labels: Vec<&str> = t.iter().map(|t| t.label.as_str()).collect();
        assert!(labels.contains(&"12 billion years ago"), "{labels:?}");
        assert!(labels.contains(&"2 billion years ago"), "{labels:?}");
        assert!(labels.contains(&"now"), "{labels:?}");
        assert!(t.windows(2).all(|w| w[0].secs < w[1].secs));
        // The age of the dinosaurs, in millions.
        let (_, t) = ticks(
            secs(-252_000_000, 1, 1),
            secs(-66_000_000, 1, 1),
            1000.0,
            80.0,
        );
        assert!(
            t.iter().any(|t| t.label == "100 million years ago"),
            "{:?}",
            t.iter().map(|t| &t.label).collect::<Vec<_>>()
        );
    }

    #[test]
    fn bce_years_are_labelled() {
        let (_, t) = ticks(secs(-100, 1, 1), secs(100, 1, 1), 800.0, 80.0);
        assert!(t.iter().any(|t| t.label.ends_with("BCE")));
    }
}
