//! Bilateral multi-issue domains from the automated-negotiation field, read
//! from text: the benchmark JSON format (`shared/bench/domain_7x5.json`) and
//! GENIUS XML (a domain file plus one profile per party). Pure: the caller
//! reads the files and puts their names in front of the errors.
//!
//! Every error carries the line and column where the parser or the check
//! knows the place, so a broken file is one readable line on stderr.

use serde::Deserialize;
use thiserror::Error;

/// Packages beyond this are refused: the bilateral bench enumerates the
/// whole outcome space (Pareto frontier, sorted ladders), and a typo in a
/// domain file should give an error, not exhaust memory.
pub const MAX_PACKAGES: u64 = 1 << 22;

/// Negotiator packages hold one `u8` per issue.
pub const MAX_OPTIONS: usize = 255;

/// Weights may miss 1 by rounding in the files (GENIUS writes them with
/// many digits, hand-made domains with two); more than this is a mistake.
const WEIGHT_SUM_TOLERANCE: f64 = 0.01;

/// A domain file that cannot be used, and where.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DomainError {
    /// The parser or a check knows the place (1-based line and column).
    #[error("{line}:{column}: {message}")]
    At {
        line: usize,
        column: usize,
        message: String,
    },
    /// Nothing in the text to point at.
    #[error("{message}")]
    Whole { message: String },
}

impl DomainError {
    /// `(line, column)`, 1-based, when known.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            DomainError::At { line, column, .. } => Some((*line, *column)),
            DomainError::Whole { .. } => None,
        }
    }
}

/// One issue: its name and its options' labels, in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    pub name: String,
    pub options: Vec<String>,
}

/// One party's additive preferences over a domain's issues.
#[derive(Clone, Debug, PartialEq)]
pub struct Party {
    pub name: String,
    /// One per issue, summing to 1 (within rounding).
    pub weights: Vec<f64>,
    /// `values[issue][option]` in [0, 1].
    pub values: Vec<Vec<f64>>,
    /// The utility of no agreement, in [0, 1].
    pub reservation: f64,
    /// GENIUS's discount factor (utility `u·d^t` at normalised time t);
    /// 1 means none. Read so that it can be reported; the bench does not
    /// apply it.
    pub discount: f64,
}

impl Party {
    /// `weight × value` per issue and option: a package's utility is the sum
    /// of one entry per issue.
    pub fn table(&self) -> Vec<Vec<f64>> {
        self.weights
            .iter()
            .zip(&self.values)
            .map(|(w, row)| row.iter().map(|v| w * v).collect())
            .collect()
    }

    /// The utility of a package (one option index per issue); options out
    /// of range count 0.
    pub fn utility(&self, package: &[u8]) -> f64 {
        self.weights
            .iter()
            .zip(&self.values)
            .zip(package)
            .map(|((w, row), o)| w * row.get(*o as usize).copied().unwrap_or(0.0))
            .sum()
    }
}

/// A bilateral domain: issues and the two parties' preferences.
#[derive(Clone, Debug, PartialEq)]
pub struct Bilateral {
    pub name: String,
    pub issues: Vec<Issue>,
    pub parties: [Party; 2],
}

impl Bilateral {
    /// Options per issue.
    pub fn options(&self) -> Vec<usize> {
        self.issues.iter().map(|i| i.options.len()).collect()
    }

    pub fn package_count(&self) -> u64 {
        self.issues.iter().map(|i| i.options.len() as u64).product()
    }

    /// Joins a GENIUS domain with two profiles read against it.
    pub fn from_genius(domain: GeniusDomain, a: Party, b: Party) -> Bilateral {
        Bilateral {
            name: domain.name,
            issues: domain.issues,
            parties: [a, b],
        }
    }
}

// ---------------------------------------------------------------------------
// JSON (the benchmark format)
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
struct JsonDomain {
    #[serde(default)]
    name: String,
    issues: Vec<JsonIssue>,
    parties: Vec<JsonParty>,
}

#[derive(Deserialize)]
struct JsonIssue {
    #[serde(default)]
    name: String,
    values: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct JsonParty {
    #[serde(default)]
    name: String,
    /// Required: a missing one would silently move the Nash point.
    reservation_value: f64,
    weights: Vec<f64>,
    value_utilities: Vec<Vec<f64>>,
}

/// Reads the benchmark JSON format: `issues[i].values` are the options,
/// `parties[p]` has `reservation_value`, `weights[i]` and
/// `value_utilities[i][o]`; u_p(o) = Σ_i weights[i]·value_utilities[i][o_i].
/// Other fields (`description`, `scale`, `reference`, …) are ignored.
pub fn parse_json(text: &str) -> Result<Bilateral, DomainError> {
    let raw: JsonDomain = serde_json::from_str(text).map_err(json_error)?;
    let at = |path: &[Step], message: String| located(text, path, message);

    if raw.issues.is_empty() {
        return Err(at(&[Step::Key("issues")], "no issues".into()));
    }
    let mut issues = Vec::with_capacity(raw.issues.len());
    for (i, issue) in raw.issues.iter().enumerate() {
        let here = [Step::Key("issues"), Step::Index(i), Step::Key("values")];
        if let Some(message) = option_count_problem(issue.values.len()) {
            return Err(at(&here, format!("issue {}: {message}", i + 1)));
        }
        issues.push(Issue {
            name: issue.name.clone(),
            options: issue
                .values
                .iter()
                .map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect(),
        });
    }
    let count: u64 = issues.iter().map(|i| i.options.len() as u64).product();
    if count > MAX_PACKAGES {
        return Err(at(&[Step::Key("issues")], too_many(count)));
    }
    if raw.parties.len() != 2 {
        return Err(at(
            &[Step::Key("parties")],
            format!(
                "{} parties: a bilateral domain has exactly 2",
                raw.parties.len()
            ),
        ));
    }

    let mut parties = Vec::with_capacity(2);
    for (p, party) in raw.parties.into_iter().enumerate() {
        let base = [Step::Key("parties"), Step::Index(p)];
        let path = |tail: &[Step<'static>]| -> Vec<Step<'static>> {
            base.iter().chain(tail).copied().collect()
        };
        let who = if party.name.is_empty() {
            format!("party {}", p + 1)
        } else {
            format!("party {:?}", party.name)
        };
        if !(0.0..=1.0).contains(&party.reservation_value) {
            return Err(at(
                &path(&[Step::Key("reservation_value")]),
                format!(
                    "{who}: reservation_value {} is not in [0, 1]",
                    party.reservation_value
                ),
            ));
        }
        if party.weights.len() != issues.len() {
            return Err(at(
                &path(&[Step::Key("weights")]),
                format!(
                    "{who}: {} weights for {} issues",
                    party.weights.len(),
                    issues.len()
                ),
            ));
        }
        for (i, w) in party.weights.iter().enumerate() {
            if !w.is_finite() || *w < 0.0 {
                return Err(at(
                    &path(&[Step::Key("weights"), Step::Index(i)]),
                    format!("{who}: weight {w} of issue {} is negative", i + 1),
                ));
            }
        }
        if let Some(message) = weight_sum_problem(&party.weights) {
            return Err(at(
                &path(&[Step::Key("weights")]),
                format!("{who}: {message}"),
            ));
        }
        if party.value_utilities.len() != issues.len() {
            return Err(at(
                &path(&[Step::Key("value_utilities")]),
                format!(
                    "{who}: {} value_utilities rows for {} issues",
                    party.value_utilities.len(),
                    issues.len()
                ),
            ));
        }
        for (i, (row, issue)) in party.value_utilities.iter().zip(&issues).enumerate() {
            if row.len() != issue.options.len() {
                return Err(at(
                    &path(&[Step::Key("value_utilities"), Step::Index(i)]),
                    format!(
                        "{who}: value_utilities row {} has {} values but issue {:?} has {} options",
                        i + 1,
                        row.len(),
                        issue.name,
                        issue.options.len()
                    ),
                ));
            }
            for (o, v) in row.iter().enumerate() {
                if !(0.0..=1.0).contains(v) {
                    return Err(at(
                        &path(&[Step::Key("value_utilities"), Step::Index(i), Step::Index(o)]),
                        format!("{who}: value utility {v} is not in [0, 1]"),
                    ));
                }
            }
        }
        parties.push(Party {
            name: if party.name.is_empty() {
                ["A", "B"][p].to_string()
            } else {
                party.name
            },
            weights: party.weights,
            values: party.value_utilities,
            reservation: party.reservation_value,
            discount: 1.0,
        });
    }
    let [a, b]: [Party; 2] = parties.try_into().map_err(|_| DomainError::Whole {
        message: "a bilateral domain has exactly 2 parties".into(),
    })?;
    Ok(Bilateral {
        name: raw.name,
        issues,
        parties: [a, b],
    })
}

/// serde_json puts " at line L column C" at the end of its message; the
/// position goes into the error's own fields instead.
fn json_error(e: serde_json::Error) -> DomainError {
    let (line, column) = (e.line(), e.column());
    let full = e.to_string();
    let suffix = format!(" at line {line} column {column}");
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    if line == 0 {
        DomainError::Whole { message }
    } else {
        DomainError::At {
            line,
            column: column.max(1),
            message,
        }
    }
}

/// One step of a path into a JSON document.
#[derive(Clone, Copy, Debug)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// An error at the value the path leads to; serde has already accepted the
/// text, so the path is found unless the document has duplicate keys, and
/// then the message stands alone rather than pointing somewhere wrong.
fn located(text: &str, path: &[Step], message: String) -> DomainError {
    match locate(text, path) {
        Some(offset) => {
            let (line, column) = line_column(text, offset);
            DomainError::At {
                line,
                column,
                message,
            }
        }
        None => DomainError::Whole { message },
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// The byte offset where the value at `path` starts. serde_json keeps no
/// spans, so this walks the (already validated) text with a small scanner.
fn locate(text: &str, path: &[Step]) -> Option<usize> {
    let mut c = Cursor { text, i: 0 };
    for step in path {
        c.ws();
        match *step {
            Step::Key(key) => {
                c.eat(b'{')?;
                loop {
                    c.ws();
                    let raw = c.string()?;
                    c.ws();
                    c.eat(b':')?;
                    c.ws();
                    if serde_json::from_str::<String>(raw).ok()? == key {
                        break;
                    }
                    c.value()?;
                    c.ws();
                    c.eat(b',')?;
                }
            }
            Step::Index(n) => {
                c.eat(b'[')?;
                for _ in 0..n {
                    c.ws();
                    c.value()?;
                    c.ws();
                    c.eat(b',')?;
                }
            }
        }
    }
    c.ws();
    Some(c.i)
}

struct Cursor<'a> {
    text: &'a str,
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.i += 1)
    }

    /// A string with its quotes, undecoded.
    fn string(&mut self) -> Option<&'a str> {
        let start = self.i;
        self.eat(b'"')?;
        loop {
            match self.peek()? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    break;
                }
                _ => self.i += 1,
            }
        }
        self.text.get(start..self.i)
    }

    fn value(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.i += 1;
                self.ws();
                if self.eat(close).is_some() {
                    return Some(());
                }
                loop {
                    self.ws();
                    if open == b'{' {
                        self.string()?;
                        self.ws();
                        self.eat(b':')?;
                    }
                    self.value()?;
                    self.ws();
                    if self.eat(close).is_some() {
                        return Some(());
                    }
                    self.eat(b',')?;
                }
            }
            _ => {
                // A number or a literal: up to the next delimiter.
                let start = self.i;
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t')
                ) {
                    self.i += 1;
                }
                (self.i > start).then_some(())
            }
        }
    }
}

fn option_count_problem(n: usize) -> Option<String> {
    if n == 0 {
        Some("no options".into())
    } else if n > MAX_OPTIONS {
        Some(format!("{n} options; at most {MAX_OPTIONS} are supported"))
    } else {
        None
    }
}

fn too_many(count: u64) -> String {
    format!("{count} packages; at most {MAX_PACKAGES} can be enumerated")
}

fn weight_sum_problem(weights: &[f64]) -> Option<String> {
    let sum: f64 = weights.iter().sum();
    ((sum - 1.0).abs() > WEIGHT_SUM_TOLERANCE).then(|| format!("weights sum to {sum}, not 1"))
}

// ---------------------------------------------------------------------------
// GENIUS XML
// ---------------------------------------------------------------------------

/// A GENIUS domain file: issues and options, no preferences.
#[derive(Clone, Debug, PartialEq)]
pub struct GeniusDomain {
    /// The objective's name (`conflict`, `Party`, …).
    pub name: String,
    pub issues: Vec<Issue>,
    /// Each issue's `index` attribute: profiles refer to issues by it.
    pub keys: Vec<String>,
}

fn xml(text: &str) -> Result<roxmltree::Document<'_>, DomainError> {
    roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        // roxmltree writes "at L:C" inside its messages.
        let message = e.to_string().replace(&format!(" at {pos}"), "");
        DomainError::At {
            line: pos.row as usize,
            column: pos.col as usize,
            message,
        }
    })
}

fn at_byte(doc: &roxmltree::Document, byte: usize, message: String) -> DomainError {
    let pos = doc.text_pos_at(byte);
    DomainError::At {
        line: pos.row as usize,
        column: pos.col as usize,
        message,
    }
}

fn at_node(node: roxmltree::Node, message: String) -> DomainError {
    at_byte(node.document(), node.range().start, message)
}

fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Result<&'a str, DomainError> {
    node.attribute(name).ok_or_else(|| {
        at_node(
            node,
            format!("<{}> has no `{name}` attribute", node.tag_name().name()),
        )
    })
}

fn attr_number(node: roxmltree::Node, name: &str) -> Result<f64, DomainError> {
    let raw = attr(node, name)?;
    let bad = || {
        let byte = node
            .attribute_node(name)
            .map_or(node.range().start, |a| a.range_value().start);
        at_byte(
            node.document(),
            byte,
            format!(
                "`{name}` of <{}> is {raw:?}, not a number",
                node.tag_name().name()
            ),
        )
    };
    match raw.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(bad()),
    }
}

fn elements<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    tag: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> {
    node.descendants()
        .filter(move |n| n.is_element() && n.has_tag_name(tag))
}

/// Reads a GENIUS domain (`<negotiation_template>` or `<utility_space>` with
/// `<objective>` and discrete `<issue>`s of `<item value=…>`).
pub fn parse_genius_domain(text: &str) -> Result<GeniusDomain, DomainError> {
    let doc = xml(text)?;
    let root = doc.root_element();
    let name = elements(root, "objective")
        .next()
        .and_then(|o| o.attribute("name"))
        .unwrap_or_default()
        .to_string();
    let mut issues = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for node in elements(root, "issue") {
        let key = attr(node, "index")?.trim().to_string();
        if keys.contains(&key) {
            return Err(at_node(node, format!("a second issue with index {key}")));
        }
        let issue_name = node.attribute("name").unwrap_or_default().to_string();
        for kind in ["type", "vtype"] {
            if let Some(t) = node.attribute(kind) {
                if t != "discrete" {
                    return Err(at_node(
                        node,
                        format!(
                            "issue {issue_name:?} is of type {t:?}; only discrete issues are supported"
                        ),
                    ));
                }
            }
        }
        let mut options: Vec<String> = Vec::new();
        for item in node
            .children()
            .filter(|n| n.is_element() && n.has_tag_name("item"))
        {
            let value = attr(item, "value")?.to_string();
            if options.contains(&value) {
                return Err(at_node(
                    item,
                    format!("issue {issue_name:?} lists option {value:?} twice"),
                ));
            }
            options.push(value);
        }
        if let Some(message) = option_count_problem(options.len()) {
            return Err(at_node(node, format!("issue {issue_name:?}: {message}")));
        }
        keys.push(key);
        issues.push(Issue {
            name: issue_name,
            options,
        });
    }
    if issues.is_empty() {
        return Err(at_node(root, "no <issue> elements: not a domain".into()));
    }
    let count: u64 = issues.iter().map(|i| i.options.len() as u64).product();
    if count > MAX_PACKAGES {
        return Err(at_node(root, too_many(count)));
    }
    Ok(GeniusDomain { name, issues, keys })
}

/// Reads a GENIUS linear-additive profile against its domain. As GENIUS
/// does, each item's `evaluation` is divided by the issue's largest one;
/// `<weight index=…>` gives the issue weights; `<reservation value=…>`
/// defaults to 0; a `<discount_factor>` outside (0, 1] means none.
pub fn parse_genius_profile(
    domain: &GeniusDomain,
    name: &str,
    text: &str,
) -> Result<Party, DomainError> {
    let doc = xml(text)?;
    let root = doc.root_element();
    if !root.has_tag_name("utility_space") {
        return Err(at_node(
            root,
            format!(
                "<{}> is not a profile (a profile's root is <utility_space>)",
                root.tag_name().name()
            ),
        ));
    }
    let mut values: Vec<Option<Vec<f64>>> = vec![None; domain.issues.len()];
    for node in elements(root, "issue") {
        let key = attr(node, "index")?.trim();
        let Some(i) = domain.keys.iter().position(|k| k == key) else {
            return Err(at_node(
                node,
                format!("the domain has no issue with index {key}"),
            ));
        };
        let issue = &domain.issues[i];
        if let Some(n) = node.attribute("name") {
            if n != issue.name {
                return Err(at_node(
                    node,
                    format!(
                        "issue {key} is {n:?} here but {:?} in the domain",
                        issue.name
                    ),
                ));
            }
        }
        if values[i].is_some() {
            return Err(at_node(node, format!("a second issue with index {key}")));
        }
        let mut evals: Vec<Option<f64>> = vec![None; issue.options.len()];
        for item in node
            .children()
            .filter(|n| n.is_element() && n.has_tag_name("item"))
        {
            let value = attr(item, "value")?;
            let Some(o) = issue.options.iter().position(|v| v == value) else {
                return Err(at_node(
                    item,
                    format!(
                        "issue {:?} has no option {value:?} in the domain",
                        issue.name
                    ),
                ));
            };
            let e = attr_number(item, "evaluation")?;
            if e < 0.0 {
                return Err(at_node(item, format!("evaluation {e} is negative")));
            }
            if evals[o].replace(e).is_some() {
                return Err(at_node(
                    item,
                    format!("option {value:?} is evaluated twice"),
                ));
            }
        }
        let mut row = Vec::with_capacity(evals.len());
        for (o, e) in evals.iter().enumerate() {
            match e {
                Some(e) => row.push(*e),
                None => {
                    return Err(at_node(
                        node,
                        format!(
                            "issue {:?}: no evaluation for option {:?}",
                            issue.name, issue.options[o]
                        ),
                    ));
                }
            }
        }
        // GENIUS's EvaluatorDiscrete.normalize: by the largest evaluation,
        // and all zero when that is (nearly) zero.
        let max = row.iter().copied().fold(0.0, f64::max);
        for v in &mut row {
            *v = if max < 0.00001 { 0.0 } else { *v / max };
        }
        values[i] = Some(row);
    }

    let mut weights: Vec<Option<f64>> = vec![None; domain.issues.len()];
    for node in elements(root, "weight") {
        let key = attr(node, "index")?.trim();
        let Some(i) = domain.keys.iter().position(|k| k == key) else {
            return Err(at_node(
                node,
                format!("a weight for index {key}, which is no issue of the domain"),
            ));
        };
        let w = attr_number(node, "value")?;
        if w < 0.0 {
            return Err(at_node(node, format!("weight {w} is negative")));
        }
        if weights[i].replace(w).is_some() {
            return Err(at_node(node, format!("a second weight for issue {key}")));
        }
    }

    let objective = elements(root, "objective").next().unwrap_or(root);
    let mut table_values = Vec::with_capacity(values.len());
    let mut table_weights = Vec::with_capacity(values.len());
    for (i, (v, w)) in values.into_iter().zip(weights).enumerate() {
        let issue = &domain.issues[i];
        let Some(v) = v else {
            return Err(at_node(
                objective,
                format!(
                    "no evaluations for issue {} ({:?})",
                    domain.keys[i], issue.name
                ),
            ));
        };
        let Some(w) = w else {
            return Err(at_node(
                objective,
                format!("no weight for issue {} ({:?})", domain.keys[i], issue.name),
            ));
        };
        table_values.push(v);
        table_weights.push(w);
    }
    if let Some(message) = weight_sum_problem(&table_weights) {
        return Err(at_node(objective, message));
    }

    let reservation = match elements(root, "reservation").next() {
        Some(node) => {
            let r = attr_number(node, "value")?;
            if !(0.0..=1.0).contains(&r) {
                return Err(at_node(
                    node,
                    format!("reservation value {r} is not in [0, 1]"),
                ));
            }
            r
        }
        None => 0.0,
    };
    let discount = match elements(root, "discount_factor").next() {
        Some(node) => {
            let d = attr_number(node, "value")?;
            // AbstractUtilitySpace.validateDiscount: out of range is none.
            if d <= 0.0 || d > 1.0 { 1.0 } else { d }
        }
        None => 1.0,
    };
    Ok(Party {
        name: name.to_string(),
        weights: table_weights,
        values: table_values,
        reservation,
        discount,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_nested_values() {
        let text = "{\n \"a\": [1, {\"b\": [2, 3]}],\n \"c\": \"x\\\"y\"\n}";
        let at = locate(
            text,
            &[
                Step::Key("a"),
                Step::Index(1),
                Step::Key("b"),
                Step::Index(1),
            ],
        );
        assert_eq!(at.map(|i| line_column(text, i)), Some((2, 21)));
        assert_eq!(
            locate(text, &[Step::Key("c")]).map(|i| line_column(text, i)),
            Some((3, 7))
        );
        assert_eq!(locate(text, &[Step::Key("zz")]), None);
    }
}
