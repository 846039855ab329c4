//! Numbers as people read them on screen: "1 event", "1,000,000 events".

/// `n` with a comma between thousands: 1000000 → "1,000,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// "1 event", "2 events", "1,000,000 events".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// Several counts in a line: "26 events · 39 entities · 4 lanes".
pub fn counts(items: &[(usize, &str, &str)]) -> String {
    items
        .iter()
        .map(|&(n, one, many)| count(n, one, many))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated_by_commas() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(22_041), "22,041");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(count(1, "event", "events"), "1 event");
        assert_eq!(count(0, "entity", "entities"), "0 entities");
        assert_eq!(count(1_000_000, "event", "events"), "1,000,000 events");
        assert_eq!(
            counts(&[(1, "lane", "lanes"), (2, "entity", "entities")]),
            "1 lane · 2 entities"
        );
    }
}
