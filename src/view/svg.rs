//! Inline SVG bar charts drawn in plain Rust.
//!
//! Why not a charting crate or a script: the month view is one self-contained file opened
//! from a shared drive or mailed, so a chart must be markup in the page, and the few shapes we
//! need (stacked horizontal bars, a title, axis labels, ticks) are a page of code. Every chart
//! carries `<title>` and `<desc>` so a screen reader announces it, and its numbers also stand
//! in the page's tables.

use crate::html::escape;
use std::fmt::Write as _;

/// One series of a stacked chart: its legend label and fill colour.
pub struct Series<'a> {
    pub label: &'a str,
    pub color: &'a str,
}

/// A stacked horizontal bar chart: one row per category, one stacked segment per series.
pub struct BarChart<'a> {
    /// Unique within the page (ids of `<title>`/`<desc>`).
    pub id: &'a str,
    pub title: &'a str,
    /// Label of the value axis (bottom).
    pub value_axis: &'a str,
    /// Label of the category axis (left).
    pub category_axis: &'a str,
    pub series: &'a [Series<'a>],
    /// `(category, one value per series)`.
    pub rows: &'a [(String, Vec<f64>)],
    /// Fixed end of the value axis (100 for percentages); `None`: the largest stacked total.
    pub max: Option<f64>,
}

const ROW_H: f64 = 18.0;
const LEFT: f64 = 150.0;
const PLOT_W: f64 = 420.0;
const TOP: f64 = 46.0;

impl BarChart<'_> {
    /// The `<svg>` element. Sizes are in user units with a `viewBox`, so the chart scales to
    /// its container on screen and on paper.
    pub fn render(&self) -> String {
        let total = |v: &Vec<f64>| v.iter().map(|x| x.max(0.0)).sum::<f64>();
        let largest = self
            .rows
            .iter()
            .map(|(_, v)| total(v))
            .fold(0.0_f64, f64::max);
        let max = self.max.unwrap_or(largest).max(1.0);
        let max = nice_ceiling(max);
        let plot_h = ROW_H * self.rows.len().max(1) as f64;
        let height = TOP + plot_h + 44.0;
        let width = LEFT + PLOT_W + 30.0;
        let mut s = String::new();
        let id = escape(self.id);
        let _ = write!(
            s,
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
             viewBox=\"0 0 {width} {height}\" aria-labelledby=\"{id}-t {id}-d\">\
             <title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{desc}</desc>",
            title = escape(self.title),
            desc = escape(&self.describe()),
        );
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"16\" class=\"ct\">{}</text>",
            escape(self.title),
            x = 4
        );
        // Legend.
        let mut lx = LEFT;
        for ser in self.series {
            let _ = write!(
                s,
                "<rect x=\"{lx}\" y=\"24\" width=\"10\" height=\"10\" fill=\"{c}\"/>\
                 <text x=\"{tx}\" y=\"33\" class=\"cl\">{l}</text>",
                c = escape(ser.color),
                tx = lx + 14.0,
                l = escape(ser.label)
            );
            lx += 24.0 + 9.0 * ser.label.chars().count() as f64;
        }
        // Ticks and grid lines: five steps.
        for k in 0..=5 {
            let v = max * f64::from(k) / 5.0;
            let x = LEFT + PLOT_W * f64::from(k) / 5.0;
            let _ = write!(
                s,
                "<line x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{y2:.1}\" class=\"cg\"/>\
                 <text x=\"{x:.1}\" y=\"{ty:.1}\" class=\"ck\" text-anchor=\"middle\">{v}</text>",
                y2 = TOP + plot_h,
                ty = TOP + plot_h + 13.0,
                v = fmt_num(v)
            );
        }
        for (i, (label, values)) in self.rows.iter().enumerate() {
            let y = TOP + ROW_H * i as f64;
            let _ = write!(
                s,
                "<text x=\"{x}\" y=\"{ty:.1}\" class=\"ck\" text-anchor=\"end\">{l}</text>",
                x = LEFT - 4.0,
                ty = y + ROW_H * 0.7,
                l = escape(&truncate(label, 22))
            );
            let mut x = LEFT;
            for (v, ser) in values.iter().zip(self.series) {
                let w = PLOT_W * v.max(0.0) / max;
                if w > 0.0 {
                    let _ = write!(
                        s,
                        "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" \
                         fill=\"{c}\"><title>{l}: {cat} {v}</title></rect>",
                        y = y + 2.0,
                        h = ROW_H - 4.0,
                        c = escape(ser.color),
                        l = escape(ser.label),
                        cat = escape(label),
                        v = fmt_num(*v)
                    );
                }
                x += w;
            }
            let _ = write!(
                s,
                "<text x=\"{x:.1}\" y=\"{ty:.1}\" class=\"ck\">{v}</text>",
                x = x + 3.0,
                ty = y + ROW_H * 0.7,
                v = fmt_num(total(values))
            );
        }
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{yb:.1}\" class=\"ca\"/>\
             <line x1=\"{LEFT}\" y1=\"{yb:.1}\" x2=\"{xr:.1}\" y2=\"{yb:.1}\" class=\"ca\"/>\
             <text x=\"{xm:.1}\" y=\"{yl:.1}\" class=\"cl\" text-anchor=\"middle\">{va}</text>\
             <text x=\"4\" y=\"{yc:.1}\" class=\"cl\">{ca}</text></svg>",
            yb = TOP + plot_h,
            xr = LEFT + PLOT_W,
            xm = LEFT + PLOT_W / 2.0,
            yl = TOP + plot_h + 32.0,
            va = escape(self.value_axis),
            yc = TOP - 4.0,
            ca = escape(self.category_axis),
        );
        s
    }

    /// A text summary for `<desc>`: every category with its values.
    fn describe(&self) -> String {
        let mut d = String::new();
        for (label, values) in self.rows.iter().take(60) {
            let _ = write!(d, "{label}:");
            for (v, ser) in values.iter().zip(self.series) {
                let _ = write!(d, " {} {}", ser.label, fmt_num(*v));
            }
            d.push_str("; ");
        }
        d
    }
}

/// Rounds an axis end up to 1, 2 or 5 times a power of ten, so ticks are round numbers.
fn nice_ceiling(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * p >= v - 1e-9 {
            return m * p;
        }
    }
    10.0 * p
}

fn fmt_num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_ends_are_round() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(13.0), 20.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
        assert_eq!(nice_ceiling(420.0), 500.0);
    }

    #[test]
    fn chart_has_title_labels_and_escaped_categories() {
        let rows = vec![("<vi>".to_string(), vec![3.0, 2.0])];
        let series = [
            Series {
                label: "placed",
                color: "#36c",
            },
            Series {
                label: "waiting",
                color: "#c63",
            },
        ];
        let svg = BarChart {
            id: "c1",
            title: "By language",
            value_axis: "requests",
            category_axis: "language",
            series: &series,
            rows: &rows,
            max: None,
        }
        .render();
        assert!(svg.contains("<title id=\"c1-t\">By language</title>"));
        assert!(svg.contains("&lt;vi&gt;"));
        assert!(!svg.contains("<vi>"));
        assert!(svg.contains(">requests</text>"));
        assert_eq!(svg.matches("<rect").count(), 2 + 2, "legend + two segments");
    }
}
