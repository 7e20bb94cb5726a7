//! A schematic map of Ukraine for the main screen.
//!
//! Everything here is drawn in a longitude/latitude coordinate system on a
//! ratatui [`Canvas`]: a hand-made outline of Ukraine's 1991 borders, the
//! occupied area east/south of a front line whose position follows the
//! occupied share, the front line itself (thick, with arrows for the
//! momentum) and a few labels.
//!
//! The map is *schematic*: the outline is a simplified polygon written by
//! hand, and the front line is an interpolation between a few hand-made
//! reference lines, not a record of any real line of contact. It is meant
//! to give a feel for "more" or "less" occupied, nothing finer.
//!
//! Colours: a canvas only paints colours, so the widget paints with private
//! sentinel colours and afterwards gives every painted cell the full
//! [`Style`] of what it shows (colour *and* modifiers). That keeps the
//! monochrome theme (modifiers only) meaningful: occupied land and the front
//! line are bold there.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::widgets::canvas::{Canvas, Context, Line as CanvasLine, Painter, Shape};
use ratatui::widgets::{Block, Widget};

use crate::ui::theme::Theme;

/// Longitude range shown (left, right).
pub const LON_BOUNDS: [f64; 2] = [22.0, 40.5];
/// Latitude range shown (bottom, top).
pub const LAT_BOUNDS: [f64; 2] = [44.2, 52.5];

/// Ukraine within its 1991 borders, Crimea included, as (lon, lat).
///
/// Simplified and hand-made from general geographic knowledge (not taken
/// from any dataset): a few dozen points, clockwise from the
/// Poland–Belarus–Ukraine tripoint. Sivash and the Arabat Spit are treated
/// as land, estuaries and the Danube delta are smoothed over.
pub const UKRAINE_OUTLINE: [(f64, f64); 80] = [
    // Belarus.
    (23.60, 51.53),
    (24.40, 51.90),
    (26.00, 51.92),
    (26.80, 51.75),
    (27.60, 51.60),
    (29.40, 51.38),
    (30.10, 51.50),
    (30.55, 51.30),
    (30.65, 51.65),
    (30.95, 52.05),
    // Russia.
    (31.78, 52.10),
    (33.20, 52.37),
    (34.15, 52.20),
    (34.40, 51.70),
    (34.30, 51.25),
    (35.10, 51.05),
    (35.40, 50.70),
    (35.60, 50.38),
    (36.20, 50.42),
    (37.50, 50.35),
    (38.05, 50.05),
    (38.65, 50.00),
    (39.20, 49.85),
    (39.75, 49.58),
    (40.15, 49.58),
    (40.18, 49.25),
    (39.95, 48.85),
    (39.78, 48.45),
    (39.95, 48.10),
    (39.75, 47.85),
    (38.85, 47.80),
    (38.30, 47.55),
    // Sea of Azov.
    (38.23, 47.10),
    (37.55, 47.08),
    (36.80, 46.75),
    (36.30, 46.70),
    (35.50, 46.42),
    (34.82, 46.17),
    // Crimea.
    (35.45, 45.40),
    (36.05, 45.45),
    (36.62, 45.42),
    (36.45, 45.10),
    (35.40, 45.05),
    (35.00, 44.82),
    (34.40, 44.67),
    (34.10, 44.46),
    (33.75, 44.39),
    (33.40, 44.55),
    (33.55, 44.95),
    (33.35, 45.18),
    (32.50, 45.35),
    (32.75, 45.55),
    (33.25, 45.85),
    (33.65, 46.12),
    // Black Sea.
    (33.00, 46.12),
    (31.90, 46.30),
    (31.52, 46.55),
    (31.15, 46.62),
    (30.75, 46.48),
    (30.48, 46.08),
    (29.70, 45.25),
    (28.85, 45.30),
    // Moldova.
    (28.20, 45.47),
    (28.95, 46.05),
    (29.20, 46.45),
    (30.10, 46.42),
    (29.92, 46.85),
    (29.55, 47.35),
    (29.15, 47.95),
    (27.65, 48.48),
    (26.62, 48.26),
    // Romania, Hungary, Slovakia and Poland.
    (25.90, 47.98),
    (25.10, 47.75),
    (22.88, 47.95),
    (22.15, 48.41),
    (22.56, 49.08),
    (22.95, 49.82),
    (23.55, 50.22),
    (24.12, 50.85),
    (23.75, 51.20),
];

/// Points on every reference front line. The line runs from the Russian
/// border in the north-east (first point) to the sea (last point); the
/// occupied side is east/south of it.
const FRONT_POINTS: usize = 18;

type FrontRef = [(f64, f64); FRONT_POINTS];

/// 0 %: nothing occupied; the line lies just outside Ukraine, east of the
/// border, across the Sea of Azov and south of Crimea.
const FRONT_0: FrontRef = [
    (40.50, 48.75),
    (40.50, 48.60),
    (40.40, 48.40),
    (40.30, 48.10),
    (40.20, 47.90),
    (40.00, 47.70),
    (39.60, 47.55),
    (39.20, 47.35),
    (38.80, 47.15),
    (38.50, 46.90),
    (38.00, 46.60),
    (37.90, 46.20),
    (37.20, 45.60),
    (36.80, 45.00),
    (35.50, 44.60),
    (34.30, 44.30),
    (33.30, 44.25),
    (32.50, 44.25),
];

/// 7 %: before February 2022, Crimea and part of the Donbas.
const FRONT_7: FrontRef = [
    (40.25, 48.85),
    (39.55, 48.72),
    (39.20, 48.72),
    (38.75, 48.62),
    (38.40, 48.60),
    (38.15, 48.42),
    (38.00, 48.30),
    (37.75, 48.12),
    (37.55, 47.95),
    (37.50, 47.75),
    (37.65, 47.40),
    (37.85, 47.10),
    (36.30, 46.40),
    (34.90, 46.10),
    (34.20, 46.05),
    (33.70, 46.05),
    (33.20, 45.95),
    (32.50, 45.80),
];

/// 20 %: roughly the 2025 line of contact: east of the Oskil, through the
/// Donbas west of Pokrovsk, across Zaporizhzhia oblast to the Kakhovka
/// reservoir, then down the Dnipro past Kherson to the sea.
const FRONT_20: FrontRef = [
    (37.80, 50.25),
    (37.65, 49.75),
    (37.85, 49.35),
    (37.95, 49.00),
    (38.10, 48.85),
    (37.85, 48.60),
    (37.75, 48.40),
    (37.25, 48.30),
    (37.00, 48.00),
    (36.70, 47.85),
    (36.20, 47.65),
    (35.75, 47.50),
    (35.20, 47.55),
    (34.50, 47.45),
    (33.40, 46.80),
    (32.60, 46.62),
    (31.95, 46.58),
    (31.48, 46.60),
];

/// 35 %: a hypothetical deep advance: from the Sumy border west of
/// Kharkiv and Dnipro down to the coast east of Odesa.
const FRONT_35: FrontRef = [
    (35.00, 51.20),
    (35.00, 50.50),
    (35.00, 50.00),
    (35.00, 49.50),
    (34.90, 49.00),
    (34.80, 48.70),
    (34.50, 48.45),
    (34.30, 48.20),
    (34.00, 48.00),
    (33.70, 47.80),
    (33.30, 47.65),
    (32.90, 47.50),
    (32.50, 47.40),
    (32.10, 47.30),
    (31.80, 47.20),
    (31.50, 47.05),
    (31.20, 46.80),
    (30.90, 46.30),
];

/// 100 %: everything; the 35 % line pushed to the western edge.
const FRONT_100: FrontRef = {
    let mut line = FRONT_35;
    let mut i = 0;
    while i < FRONT_POINTS {
        line[i].0 = LON_BOUNDS[0];
        i += 1;
    }
    line
};

/// The reference lines, by occupied share in tenths of a percent.
const FRONT_REFS: [(i32, &FrontRef); 5] = [
    (0, &FRONT_0),
    (70, &FRONT_7),
    (200, &FRONT_20),
    (350, &FRONT_35),
    (1000, &FRONT_100),
];

/// Where the occupied region's closing polygon goes beyond the map.
const NORTH_BEYOND: f64 = 53.5;
const SOUTH_BEYOND: f64 = 43.5;
const EAST_BEYOND: f64 = 41.5;

/// Kyiv, for its label.
const KYIV: (f64, f64) = (30.52, 50.45);

/// The schematic front line for an occupied share in tenths of a percent
/// (clamped to 0..=1000): 18 (lon, lat) points from the
/// Russian border in the north-east to the sea, linearly interpolated
/// between hand-made reference lines for 0 %, 7 % (pre-2022), 20 % (2025),
/// 35 % and 100 %. Every point lies within [`LON_BOUNDS`] × [`LAT_BOUNDS`];
/// each point moves west (never east) as the share grows.
pub fn front_line(occupied: i32) -> Vec<(f64, f64)> {
    let o = occupied.clamp(0, 1000);
    let mut pair = (FRONT_REFS[0], FRONT_REFS[FRONT_REFS.len() - 1]);
    for w in FRONT_REFS.windows(2) {
        if let [lo, hi] = w
            && o <= hi.0
        {
            pair = (*lo, *hi);
            break;
        }
    }
    let ((a_at, a), (b_at, b)) = pair;
    let span = b_at.saturating_sub(a_at).max(1);
    let t = (f64::from(o.saturating_sub(a_at)) / f64::from(span)).clamp(0.0, 1.0);
    a.iter()
        .zip(b.iter())
        .map(|(p, q)| {
            (
                (p.0 + (q.0 - p.0) * t).clamp(LON_BOUNDS[0], LON_BOUNDS[1]),
                (p.1 + (q.1 - p.1) * t).clamp(LAT_BOUNDS[0], LAT_BOUNDS[1]),
            )
        })
        .collect()
}

/// The region east/south of `line`: the line, extended due north and due
/// south beyond the map, closed around the east. Intersected with the
/// outline it is the occupied area. The first `line.len() + 2` points are
/// the boundary between the two sides.
fn occupied_polygon(line: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let (Some(first), Some(last)) = (line.first(), line.last()) else {
        return Vec::new();
    };
    let mut poly = Vec::with_capacity(line.len() + 4);
    poly.push((first.0, NORTH_BEYOND));
    poly.extend_from_slice(line);
    poly.push((last.0, SOUTH_BEYOND));
    poly.push((EAST_BEYOND, SOUTH_BEYOND));
    poly.push((EAST_BEYOND, NORTH_BEYOND));
    poly
}

/// Even-odd point-in-polygon test.
fn inside(poly: &[(f64, f64)], (x, y): (f64, f64)) -> bool {
    let mut odd = false;
    let mut prev = match poly.last() {
        Some(p) => *p,
        None => return false,
    };
    for &cur in poly {
        if (cur.1 > y) != (prev.1 > y) {
            let cx = cur.0 + (y - cur.1) * (prev.0 - cur.0) / (prev.1 - cur.1);
            if x < cx {
                odd = !odd;
            }
        }
        prev = cur;
    }
    odd
}

/// The longitudes where the parallel `lat` crosses `poly`'s edges, sorted.
fn crossings(poly: &[(f64, f64)], lat: f64, out: &mut Vec<f64>) {
    out.clear();
    let Some(&last) = poly.last() else {
        return;
    };
    let mut prev = last;
    for &cur in poly {
        if (cur.1 > lat) != (prev.1 > lat) {
            out.push(cur.0 + (lat - cur.1) * (prev.0 - cur.0) / (prev.1 - cur.1));
        }
        prev = cur;
    }
    out.sort_by(f64::total_cmp);
}

/// The coordinate of grid pixel `p` of `0..=max`, from `from` (pixel 0) to
/// `to` (pixel `max`); the inverse of the canvas's own mapping.
fn pixel_coord(p: usize, max: usize, from: f64, to: f64) -> f64 {
    if max == 0 {
        (from + to) / 2.0
    } else {
        from + (to - from) * (p as f64) / (max as f64)
    }
}

/// The last pixel of the painter's grid, (column, row).
fn grid_max(painter: &Painter) -> Option<(usize, usize)> {
    let (xb, yb) = painter.bounds();
    let (right, bottom) = (xb[1], yb[0]);
    painter.get_point(right, bottom)
}

/// Which pixels of a filled area are painted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pattern {
    All,
    /// Every other pixel, diagonally: a hatch.
    Hatch,
    /// One dot in every third 2×4 cell: a light stipple.
    Stipple,
}

impl Pattern {
    fn hits(self, px: usize, py: usize) -> bool {
        match self {
            Pattern::All => true,
            Pattern::Hatch => (px + py) % 2 == 0,
            Pattern::Stipple => px % 2 == 0 && py % 4 == 1 && (px / 2 + py / 4) % 3 == 0,
        }
    }
}

/// A scanline fill of the part of `outline` inside (or outside)
/// `occupied`.
struct Fill<'p> {
    outline: &'p [(f64, f64)],
    occupied: &'p [(f64, f64)],
    want_occupied: bool,
    pattern: Pattern,
    color: Color,
}

impl Shape for Fill<'_> {
    fn draw(&self, painter: &mut Painter) {
        let (xb, yb) = painter.bounds();
        let (left, right, bottom, top) = (xb[0], xb[1], yb[0], yb[1]);
        let Some((max_px, max_py)) = grid_max(painter) else {
            return;
        };
        let mut xs_u = Vec::with_capacity(16);
        let mut xs_o = Vec::with_capacity(8);
        for py in 0..=max_py {
            let lat = pixel_coord(py, max_py, top, bottom);
            crossings(self.outline, lat, &mut xs_u);
            if xs_u.is_empty() {
                continue;
            }
            crossings(self.occupied, lat, &mut xs_o);
            let (mut iu, mut io) = (0, 0);
            for px in 0..=max_px {
                if !self.pattern.hits(px, py) {
                    continue;
                }
                let lon = pixel_coord(px, max_px, left, right);
                while xs_u.get(iu).is_some_and(|&x| x < lon) {
                    iu += 1;
                }
                while xs_o.get(io).is_some_and(|&x| x < lon) {
                    io += 1;
                }
                if iu % 2 == 1 && (io % 2 == 1) == self.want_occupied {
                    painter.paint(px, py, self.color);
                }
            }
        }
    }
}

/// A polyline drawn only where it is inside `clip`, optionally two pixels
/// thick.
struct ClippedPath<'p> {
    path: &'p [(f64, f64)],
    clip: &'p [(f64, f64)],
    thick: bool,
    color: Color,
}

impl Shape for ClippedPath<'_> {
    fn draw(&self, painter: &mut Painter) {
        let (xb, yb) = painter.bounds();
        let (width, height) = (xb[1] - xb[0], yb[1] - yb[0]);
        let Some((max_px, max_py)) = grid_max(painter) else {
            return;
        };
        // Size of a pixel in coordinates; sample at half of it.
        let dx = width / (max_px.max(1) as f64);
        let dy = height / (max_py.max(1) as f64);
        if !(dx.is_finite() && dy.is_finite()) || dx <= 0.0 || dy <= 0.0 {
            return;
        }
        for seg in self.path.windows(2) {
            let [a, b] = seg else {
                continue;
            };
            let steps = (((b.0 - a.0).abs() / dx).max((b.1 - a.1).abs() / dy) * 2.0)
                .ceil()
                .clamp(1.0, 100_000.0) as usize;
            for k in 0..=steps {
                let t = k as f64 / steps as f64;
                let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                if !inside(self.clip, p) {
                    continue;
                }
                let Some((x, y)) = painter.get_point(p.0, p.1) else {
                    continue;
                };
                painter.paint(x, y, self.color);
                if self.thick {
                    if x < max_px {
                        painter.paint(x + 1, y, self.color);
                    }
                    if y < max_py {
                        painter.paint(x, y + 1, self.color);
                    }
                }
            }
        }
    }
}

/// The styles the map uses, by meaning. Canvas shapes take the style's
/// foreground colour and, after drawing, the whole style (modifiers too).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapStyles {
    /// The country's outline, and the border and title of the block if
    /// one is drawn. Its background, if any, is the map's background.
    pub outline: Style,
    /// Ukraine-held land (a light stipple).
    pub held: Style,
    /// Occupied land (a hatch, or solid with block markers).
    pub occupied: Style,
    /// The front line and the momentum arrows.
    pub front: Style,
    /// Text labels: Kyiv, the occupied share, the momentum.
    pub label: Style,
}

impl Default for MapStyles {
    fn default() -> Self {
        MapStyles {
            outline: Style::new().fg(Color::DarkGray),
            held: Style::new().fg(Color::Blue),
            occupied: Style::new().fg(Color::Red),
            front: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            label: Style::new(),
        }
    }
}

impl MapStyles {
    /// The map's styles from the UI theme.
    pub fn from_theme(theme: &Theme) -> MapStyles {
        MapStyles {
            outline: theme.border,
            held: theme.held,
            occupied: theme.occupied,
            front: theme.front,
            label: theme.text,
        }
    }
}

// Sentinel colours the canvas paints with; replaced by the real styles
// after drawing (see the module docs). Unlikely to collide with anything.
const PAINT_HELD: Color = Color::Rgb(1, 2, 3);
const PAINT_OCCUPIED: Color = Color::Rgb(1, 2, 4);
const PAINT_OUTLINE: Color = Color::Rgb(1, 2, 5);
const PAINT_FRONT: Color = Color::Rgb(1, 2, 6);

fn sentinel_style(color: Color, styles: &MapStyles) -> Option<Style> {
    match color {
        PAINT_HELD => Some(styles.held),
        PAINT_OCCUPIED => Some(styles.occupied),
        PAINT_OUTLINE => Some(styles.outline),
        PAINT_FRONT => Some(styles.front),
        _ => None,
    }
}

/// A schematic map of Ukraine: outline, occupied area, front line,
/// momentum hint and labels.
///
/// ```
/// use armistice::ui::widgets::map::{MapStyles, UkraineMap};
/// use ratatui::{buffer::Buffer, layout::Rect, widgets::Widget};
///
/// let mut buf = Buffer::empty(Rect::new(0, 0, 60, 20));
/// // 20.0 % occupied, Russia advancing; Braille, no block.
/// UkraineMap::new(200, -30, MapStyles::default()).render(buf.area, &mut buf);
/// // Half blocks, in a bordered, titled block.
/// let map = UkraineMap::new(200, -30, MapStyles::default())
///     .half_block()
///     .bordered(true)
///     .title(" The front ");
/// map.render(buf.area, &mut buf);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UkraineMap<'a> {
    /// Share of Ukraine occupied, in tenths of a percent (200 = 20.0 %);
    /// clamped to 0..=1000 when drawn.
    pub occupied: i32,
    /// -100..=100; negative: Russia advancing, positive: Ukraine advancing.
    /// Clamped when drawn.
    pub momentum: i32,
    pub styles: MapStyles,
    /// Canvas marker: Braille by default; see [`UkraineMap::half_block`].
    pub marker: Marker,
    /// Title of a block around the map (drawn, without borders unless
    /// `bordered`, when set).
    pub title: Option<&'a str>,
    /// Whether to draw a bordered block around the map (default: no; the
    /// caller usually has its own panel).
    pub bordered: bool,
}

impl<'a> UkraineMap<'a> {
    /// A Braille map with no block around it.
    pub fn new(occupied: i32, momentum: i32, styles: MapStyles) -> UkraineMap<'a> {
        UkraineMap {
            occupied,
            momentum,
            styles,
            marker: Marker::Braille,
            title: None,
            bordered: false,
        }
    }

    /// Draw with half blocks instead of Braille, for terminals or fonts
    /// without Braille patterns.
    #[must_use]
    pub fn half_block(self) -> UkraineMap<'a> {
        self.marker(Marker::HalfBlock)
    }

    /// Draw with any canvas marker.
    #[must_use]
    pub fn marker(mut self, marker: Marker) -> UkraineMap<'a> {
        self.marker = marker;
        self
    }

    /// Title of a block around the map (a top line; with `bordered`, in
    /// the top border).
    #[must_use]
    pub fn title(mut self, title: &'a str) -> UkraineMap<'a> {
        self.title = Some(title);
        self
    }

    /// Whether to draw the bordered block.
    #[must_use]
    pub fn bordered(mut self, bordered: bool) -> UkraineMap<'a> {
        self.bordered = bordered;
        self
    }

    /// The fill patterns (held, occupied) that suit the marker's dots.
    fn patterns(&self) -> (Option<Pattern>, Pattern) {
        match self.marker {
            Marker::Braille | Marker::Octant => (Some(Pattern::Stipple), Pattern::Hatch),
            _ => (None, Pattern::All),
        }
    }

    /// "◀ RU advancing" and friends.
    fn momentum_label(&self) -> &'static str {
        match self.momentum.clamp(-100, 100) {
            ..=-50 => "◀◀ RU advancing",
            -49..=-10 => "◀ RU advancing",
            10..=49 => "UA advancing ▶",
            50.. => "UA advancing ▶▶",
            _ => "front static",
        }
    }

    fn paint(&self, ctx: &mut Context, line: &[(f64, f64)], occ_poly: &[(f64, f64)]) {
        let (held_pattern, occupied_pattern) = self.patterns();
        if let Some(pattern) = held_pattern {
            ctx.draw(&Fill {
                outline: &UKRAINE_OUTLINE,
                occupied: occ_poly,
                want_occupied: false,
                pattern,
                color: PAINT_HELD,
            });
            ctx.layer();
        }
        ctx.draw(&Fill {
            outline: &UKRAINE_OUTLINE,
            occupied: occ_poly,
            want_occupied: true,
            pattern: occupied_pattern,
            color: PAINT_OCCUPIED,
        });
        ctx.layer();

        let mut prev = UKRAINE_OUTLINE[UKRAINE_OUTLINE.len() - 1];
        for &p in &UKRAINE_OUTLINE {
            ctx.draw(&CanvasLine::new(prev.0, prev.1, p.0, p.1, PAINT_OUTLINE));
            prev = p;
        }
        ctx.layer();

        let boundary = occ_poly.get(..line.len() + 2).unwrap_or(&[]);
        ctx.draw(&ClippedPath {
            path: boundary,
            clip: &UKRAINE_OUTLINE,
            thick: matches!(self.marker, Marker::Braille | Marker::Octant),
            color: PAINT_FRONT,
        });
    }

    /// Arrows beside the front line, pointing the way it moves: on the
    /// held side when Russia advances, on the occupied side when Ukraine
    /// does; one to three of them with more momentum. Glyphs rather than
    /// canvas shapes so they stay legible on small maps.
    fn draw_arrows(&self, buf: &mut Buffer, inner: Rect, line: &[(f64, f64)]) {
        let m = self.momentum.clamp(-100, 100);
        let strength = m.unsigned_abs();
        if strength < 10 || inner.width < 8 || inner.height < 4 {
            return;
        }
        let count = 1 + usize::from(strength >= 40) + usize::from(strength >= 70);
        // Screen units: a column is 1, a row 2 (cells are about twice as
        // tall as wide); y grows northwards.
        let per_col = (LON_BOUNDS[1] - LON_BOUNDS[0]) / f64::from(inner.width);
        let per_unit_y = (LAT_BOUNDS[1] - LAT_BOUNDS[0]) / (2.0 * f64::from(inner.height));
        for &i in [8usize, 3, 12].iter().take(count) {
            let (Some(prev), Some(p), Some(next)) =
                (line.get(i.saturating_sub(1)), line.get(i), line.get(i + 1))
            else {
                continue;
            };
            if !inside(&UKRAINE_OUTLINE, *p) {
                continue;
            }
            let (tx, ty) = ((next.0 - prev.0) / per_col, (next.1 - prev.1) / per_unit_y);
            let len = tx.hypot(ty);
            if !len.is_finite() || len <= 1e-9 {
                continue;
            }
            // The line runs north to south with the held side on its
            // right: the tangent turned clockwise points there.
            let (hx, hy) = (ty / len, -tx / len);
            let (dx, dy) = if m < 0 { (hx, hy) } else { (-hx, -hy) };
            // Same glyphs as the legend, whichever way the line runs.
            let glyph = if m < 0 { "◀" } else { "▶" };
            let Some((cx, cy)) = cell_at(inner, *p) else {
                continue;
            };
            let col = (f64::from(cx) + (dx * 3.0).round()).clamp(0.0, f64::from(u16::MAX)) as u16;
            let row = (f64::from(cy) - (dy * 1.5).round()).clamp(0.0, f64::from(u16::MAX)) as u16;
            put(buf, inner, (col, row), glyph, self.styles.front);
        }
    }
}

/// The cell of `inner` where the canvas shows (lon, lat), as the canvas
/// places its own labels.
fn cell_at(inner: Rect, (lon, lat): (f64, f64)) -> Option<(u16, u16)> {
    if inner.is_empty()
        || !(LON_BOUNDS[0]..=LON_BOUNDS[1]).contains(&lon)
        || !(LAT_BOUNDS[0]..=LAT_BOUNDS[1]).contains(&lat)
    {
        return None;
    }
    let cols = f64::from(inner.width.saturating_sub(1));
    let rows = f64::from(inner.height.saturating_sub(1));
    let x = ((lon - LON_BOUNDS[0]) * cols / (LON_BOUNDS[1] - LON_BOUNDS[0])) as u16;
    let y = ((LAT_BOUNDS[1] - lat) * rows / (LAT_BOUNDS[1] - LAT_BOUNDS[0])) as u16;
    Some((inner.x.saturating_add(x), inner.y.saturating_add(y)))
}

/// Writes `text` at (x, y), cut at the right edge of `inner`.
fn put(buf: &mut Buffer, inner: Rect, (x, y): (u16, u16), text: &str, style: Style) {
    if x < inner.left() || x >= inner.right() || y < inner.top() || y >= inner.bottom() {
        return;
    }
    let room = usize::from(inner.right().saturating_sub(x));
    buf.set_stringn(x, y, text, room, style);
}

impl Widget for UkraineMap<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.draw(area, buf);
    }
}

impl Widget for &UkraineMap<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.draw(area, buf);
    }
}

impl UkraineMap<'_> {
    fn draw(&self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let inner = if self.bordered || self.title.is_some() {
            let mut block = Block::new().border_style(self.styles.outline);
            if self.bordered {
                block = block.borders(ratatui::widgets::Borders::ALL);
            }
            if let Some(title) = self.title {
                block = block.title(title).title_style(self.styles.outline);
            }
            let inner = block.inner(area);
            block.render(area, buf);
            inner
        } else {
            area
        };
        if inner.is_empty() {
            return;
        }

        let line = front_line(self.occupied);
        let occ_poly = occupied_polygon(&line);
        Canvas::default()
            .x_bounds(LON_BOUNDS)
            .y_bounds(LAT_BOUNDS)
            .marker(self.marker)
            .background_color(self.styles.outline.bg.unwrap_or(Color::Reset))
            .paint(|ctx| self.paint(ctx, &line, &occ_poly))
            .render(inner, buf);

        // Sentinel colours to real styles.
        for y in inner.top()..inner.bottom() {
            for x in inner.left()..inner.right() {
                let Some(cell) = buf.cell_mut((x, y)) else {
                    continue;
                };
                let under = sentinel_style(cell.bg, &self.styles);
                if let Some(style) = sentinel_style(cell.fg, &self.styles) {
                    cell.set_fg(Color::Reset);
                    cell.set_style(style);
                }
                if let Some(style) = under {
                    cell.set_bg(style.fg.unwrap_or(Color::Reset));
                }
            }
        }

        self.draw_arrows(buf, inner, &line);

        // Labels: Kyiv, then the share and the momentum in the bottom-left
        // corner (Romania/Moldova on the map: nothing of ours to hide).
        let label = self.styles.label;
        if let Some(at) = cell_at(inner, KYIV) {
            put(buf, inner, at, "•Kyiv", label);
        }
        let o = self.occupied.clamp(0, 1000);
        let share = format!("occupied {}.{}%", o / 10, o % 10);
        let bottom = inner.bottom().saturating_sub(1);
        put(buf, inner, (inner.x, bottom), &share, label);
        if inner.height >= 3 {
            let style = if self.momentum.clamp(-100, 100).abs() >= 10 {
                self.styles.front
            } else {
                label
            };
            put(
                buf,
                inner,
                (inner.x, bottom.saturating_sub(1)),
                self.momentum_label(),
                style,
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// Share of the outline's area east of the line, by sampling
    /// (weighted by cos(latitude) for a rough equal-area measure).
    fn schematic_share(occupied: i32) -> f64 {
        let occ = occupied_polygon(&front_line(occupied));
        let (mut all, mut taken) = (0.0, 0.0);
        let step = 0.05;
        let mut lat = LAT_BOUNDS[0];
        while lat <= LAT_BOUNDS[1] {
            let w = lat.to_radians().cos();
            let mut lon = LON_BOUNDS[0];
            while lon <= LON_BOUNDS[1] {
                if inside(&UKRAINE_OUTLINE, (lon, lat)) {
                    all += w;
                    if inside(&occ, (lon, lat)) {
                        taken += w;
                    }
                }
                lon += step;
            }
            lat += step;
        }
        taken / all
    }

    fn render(map: &UkraineMap, w: u16, h: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
        map.render(buf.area, &mut buf);
        buf
    }

    fn text(buf: &Buffer) -> String {
        let mut s = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                s.push_str(buf[(x, y)].symbol());
            }
            s.push('\n');
        }
        s
    }

    #[test]
    fn line_moves_west_as_occupation_grows() {
        let mut prev = front_line(-5);
        let mut prev_sum: f64 = prev.iter().map(|p| p.0).sum();
        for o in (1..=1000).step_by(7).chain([1000]) {
            let line = front_line(o);
            assert_eq!(line.len(), FRONT_POINTS);
            for (a, b) in prev.iter().zip(&line) {
                assert!(b.0 <= a.0 + 1e-9, "{o}: {a:?} -> {b:?}");
            }
            let sum: f64 = line.iter().map(|p| p.0).sum();
            assert!(sum < prev_sum || o == 1000, "{o}");
            prev = line;
            prev_sum = sum;
        }
        assert_eq!(front_line(5000), front_line(1000));
    }

    #[test]
    fn line_and_outline_stay_in_bounds() {
        let ok = |p: &(f64, f64)| {
            (LON_BOUNDS[0]..=LON_BOUNDS[1]).contains(&p.0)
                && (LAT_BOUNDS[0]..=LAT_BOUNDS[1]).contains(&p.1)
        };
        for o in [
            -1000,
            i32::MIN,
            0,
            1,
            69,
            70,
            71,
            200,
            349,
            350,
            999,
            1000,
            i32::MAX,
        ] {
            assert!(front_line(o).iter().all(ok), "{o}");
        }
        assert!(UKRAINE_OUTLINE.iter().all(ok));
    }

    #[test]
    fn reference_lines_roughly_match_their_shares() {
        for (o, want) in [(0, 0.0), (70, 0.07), (200, 0.20), (350, 0.35), (1000, 1.0)] {
            let got = schematic_share(o);
            assert!((got - want).abs() < 0.03, "{o}: {got:.3}");
        }
        // And more share, more area.
        let mut prev = -1.0;
        for o in (0..=1000).step_by(50) {
            let s = schematic_share(o);
            assert!(s >= prev, "{o}");
            prev = s;
        }
    }

    #[test]
    fn never_panics_at_any_size() {
        for (w, h) in [
            (0, 0),
            (1, 1),
            (10, 5),
            (40, 12),
            (80, 24),
            (200, 60),
            (1, 40),
            (90, 1),
        ] {
            for o in [0, 200, 1000, -7, 1_000_000] {
                for m in [-100, 0, 100, i32::MIN, i32::MAX] {
                    for map in [
                        UkraineMap::new(o, m, MapStyles::default()),
                        UkraineMap::new(o, m, MapStyles::default())
                            .half_block()
                            .title("Front"),
                        UkraineMap::new(o, m, MapStyles::default()).bordered(true),
                    ] {
                        render(&map, w, h);
                    }
                }
            }
        }
        // An area partly outside the buffer.
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 10));
        UkraineMap::new(200, 0, MapStyles::default()).render(Rect::new(10, 5, 50, 50), &mut buf);
    }

    #[test]
    fn braille_outline_is_drawn() {
        let buf = render(&UkraineMap::new(200, 0, MapStyles::default()), 40, 20);
        let braille = buf
            .content()
            .iter()
            .filter(|c| {
                c.symbol()
                    .chars()
                    .any(|ch| ('\u{2801}'..='\u{28FF}').contains(&ch))
            })
            .count();
        assert!(braille > 60, "{braille}\n{}", text(&buf));
        let outline = buf
            .content()
            .iter()
            .filter(|c| c.fg == Color::DarkGray)
            .count();
        assert!(outline > 40, "{outline}");
    }

    #[test]
    fn half_block_has_no_braille() {
        for o in [0, 200, 1000] {
            let map = UkraineMap::new(o, -60, MapStyles::default()).half_block();
            let buf = render(&map, 60, 20);
            let all = text(&buf);
            assert!(
                !all.chars().any(|c| ('\u{2800}'..='\u{28FF}').contains(&c)),
                "{all}"
            );
            assert!(all.contains('▀') || all.contains('▄') || all.contains('█'));
        }
    }

    #[test]
    fn styles_follow_the_share() {
        let count = |buf: &Buffer, c: Color| buf.content().iter().filter(|x| x.fg == c).count();
        let none = render(&UkraineMap::new(0, 0, MapStyles::default()), 80, 24);
        assert_eq!(count(&none, Color::Red), 0);
        assert_eq!(count(&none, Color::Yellow), 0);
        assert!(count(&none, Color::Blue) > 20);
        let now = render(&UkraineMap::new(200, 0, MapStyles::default()), 80, 24);
        let more = render(&UkraineMap::new(350, 0, MapStyles::default()), 80, 24);
        assert!(count(&now, Color::Red) > 20);
        assert!(count(&more, Color::Red) > count(&now, Color::Red));
        assert!(count(&now, Color::Yellow) > 5);
        let all = render(&UkraineMap::new(1000, 0, MapStyles::default()), 80, 24);
        assert_eq!(count(&all, Color::Blue), 0);
        // No sentinel survives.
        for buf in [&none, &now, &more, &all] {
            assert!(
                buf.content()
                    .iter()
                    .all(|c| sentinel_style(c.fg, &MapStyles::default()).is_none()
                        && sentinel_style(c.bg, &MapStyles::default()).is_none())
            );
        }
    }

    #[test]
    fn monochrome_keeps_the_meaning_in_modifiers() {
        let styles = MapStyles {
            outline: Style::new(),
            held: Style::new(),
            occupied: Style::new().add_modifier(Modifier::BOLD),
            front: Style::new().add_modifier(Modifier::BOLD),
            label: Style::new(),
        };
        let buf = render(&UkraineMap::new(200, 0, styles), 80, 24);
        assert!(buf.content().iter().all(|c| c.fg == Color::Reset));
        let bold = buf
            .content()
            .iter()
            .filter(|c| c.modifier.contains(Modifier::BOLD))
            .count();
        assert!(bold > 20, "{bold}");
    }

    #[test]
    fn labels() {
        let all = text(&render(
            &UkraineMap::new(200, -30, MapStyles::default()),
            80,
            24,
        ));
        assert!(all.contains("Kyiv"), "{all}");
        assert!(all.contains("occupied 20.0%"), "{all}");
        assert!(all.contains("◀ RU advancing"), "{all}");
        let all = text(&render(
            &UkraineMap::new(187, 80, MapStyles::default()),
            80,
            24,
        ));
        assert!(all.contains("occupied 18.7%"), "{all}");
        assert!(all.contains("UA advancing ▶▶"), "{all}");
        let all = text(&render(
            &UkraineMap::new(5, 0, MapStyles::default()),
            80,
            24,
        ));
        assert!(all.contains("occupied 0.5%"), "{all}");
        assert!(all.contains("front static"), "{all}");
    }

    #[test]
    fn momentum_draws_arrows() {
        let front = |m: i32| {
            let buf = render(&UkraineMap::new(200, m, MapStyles::default()), 80, 24);
            buf.content()
                .iter()
                .filter(|c| c.fg == Color::Yellow)
                .count()
        };
        let still = front(0);
        assert!(front(-100) > still);
        assert!(front(100) > still);
    }
}
