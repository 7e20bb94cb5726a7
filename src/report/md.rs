//! Small Markdown writers: wrapped paragraphs and list items, aligned
//! tables, block sparklines. The output must read well both rendered and
//! raw in a terminal (`less`), so lines are wrapped and tables padded.

/// Lines are wrapped to this many characters where the words allow.
pub const WIDTH: usize = 96;

/// `text` word-wrapped: the first line starts with `first`, the others
/// with `rest` (a list item's continuation lines are indented under its
/// text). Ends with a newline.
pub fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        let fits = line.chars().count() + 1 + word.chars().count() <= WIDTH;
        // A word that Markdown would read as a list marker, a heading or a
        // quote at the start of a line stays on the line before.
        if empty || fits || risky_start(word) {
            if !empty {
                line.push(' ');
            }
            line.push_str(word);
            empty = false;
        } else {
            out.push_str(line.trim_end());
            out.push('\n');
            line = format!("{rest}{word}");
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// A paragraph, wrapped, followed by a blank line.
pub fn para(text: &str) -> String {
    let mut s = wrap(text, "", "");
    s.push('\n');
    s
}

/// A list item ("- …"), wrapped, nested `depth` levels deep.
pub fn item(depth: usize, text: &str) -> String {
    let pad = "  ".repeat(depth);
    wrap(text, &format!("{pad}- "), &format!("{pad}  "))
}

fn risky_start(word: &str) -> bool {
    matches!(word, "-" | "+" | "*" | ">" | "1." | "1)")
        || word.starts_with('#')
        || word.starts_with('>')
        || word.starts_with('|')
        || (!word.is_empty() && word.chars().all(|c| c == '-' || c == '='))
}

/// `|` would end a table cell.
pub fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Column alignment in a table.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A Markdown table with padded columns, so it lines up in a terminal
/// too. Ends with a blank line.
pub fn table(header: &[&str], align: &[Align], rows: &[Vec<String>]) -> String {
    let n = header.len();
    let cells: Vec<Vec<String>> = std::iter::once(header.iter().map(|h| cell(h)).collect())
        .chain(rows.iter().map(|r| {
            (0..n)
                .map(|i| r.get(i).map_or(String::new(), |c| cell(c)))
                .collect()
        }))
        .collect();
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
                .max(3)
        })
        .collect();
    let right = |i: usize| align.get(i) == Some(&Align::Right);
    let row = |r: &[String]| {
        let parts: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i] - c.chars().count());
                if right(i) {
                    format!("{pad}{c}")
                } else {
                    format!("{c}{pad}")
                }
            })
            .collect();
        format!("| {} |\n", parts.join(" | "))
    };
    let mut out = String::new();
    if let Some((head, body)) = cells.split_first() {
        out.push_str(&row(head));
        let rule: Vec<String> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if right(i) {
                    format!("{}:", "-".repeat(w - 1))
                } else {
                    "-".repeat(*w)
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", rule.join(" | ")));
        for r in body {
            out.push_str(&row(r));
        }
    }
    out.push('\n');
    out
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One block character per value, scaled from `lo` (▁) to `hi` (█); a
/// flat series is a row of ▄.
pub fn sparkline(values: &[i32], lo: i32, hi: i32) -> String {
    values
        .iter()
        .map(|v| {
            if hi <= lo {
                BARS[3]
            } else {
                let k = (i64::from(*v) - i64::from(lo)) * 7 / (i64::from(hi) - i64::from(lo));
                BARS[k.clamp(0, 7) as usize]
            }
        })
        .collect()
}

/// Basis points as whole points, rounded half up.
pub fn points(bp: i32) -> i32 {
    (bp + 50).div_euclid(100)
}

/// A signed change in whole points: "+3", "−2", "±0".
pub fn delta(d: i32) -> String {
    match d {
        0 => "±0".to_string(),
        d if d > 0 => format!("+{d}"),
        d => format!("−{}", -d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_under_the_width_and_keeps_every_word() {
        let text = "word ".repeat(60);
        let s = wrap(&text, "- ", "  ");
        assert!(s.lines().all(|l| l.chars().count() <= WIDTH));
        assert_eq!(s.split_whitespace().filter(|w| *w == "word").count(), 60);
        assert!(s.lines().skip(1).all(|l| l.starts_with("  word")));
    }

    #[test]
    fn a_dash_never_starts_a_line() {
        let text = format!("{} - tail", "x".repeat(WIDTH - 2));
        let s = wrap(&text, "", "");
        assert!(s.lines().all(|l| !l.starts_with("- ")));
    }

    #[test]
    fn tables_line_up() {
        let t = table(
            &["A", "Bee"],
            &[Align::Left, Align::Right],
            &[
                vec!["long cell".into(), "1".into()],
                vec!["x|y".into(), "22".into()],
            ],
        );
        let widths: Vec<usize> = t
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| l.chars().count())
            .collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{t}");
        assert!(t.contains("x\\|y"));
    }

    #[test]
    fn sparklines_scale() {
        assert_eq!(sparkline(&[0, 50, 100], 0, 100), "▁▄█");
        assert_eq!(sparkline(&[5, 5], 5, 5), "▄▄");
    }
}
