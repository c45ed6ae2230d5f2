//! A small SVG line chart of waiting time over a run (mean wait per bin of arrival time),
//! with an optional dashed reference line (the theoretical mean). Pure string building; the
//! CLI writes the file.

use core::fmt::Write;

const W: f64 = 800.0;
const H: f64 = 320.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 50.0;

/// Escapes text for SVG content and attributes.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A "nice" axis maximum at or above `x` (1, 2 or 5 times a power of ten).
fn nice_ceiling(x: f64) -> f64 {
    if !(x > 0.0 && x.is_finite()) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&v| v >= x)
        .unwrap_or(10.0 * p)
}

/// The chart: `points` are (minute, mean wait in minutes); `reference` draws a dashed
/// horizontal line with a label.
pub fn chart(points: &[(f64, f64)], title: &str, reference: Option<(f64, &str)>) -> String {
    let x_max = nice_ceiling(points.last().map_or(1.0, |p| p.0));
    let y_data = points.iter().map(|p| p.1).fold(0.0f64, f64::max);
    let y_max = nice_ceiling(y_data.max(reference.map_or(0.0, |r| r.0)) * 1.05);
    let px = |x: f64| LEFT + x / x_max * (W - LEFT - RIGHT);
    let py = |y: f64| H - BOTTOM - y / y_max * (H - TOP - BOTTOM);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" \
         viewBox=\"0 0 {W} {H}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{}</text>\n",
        W / 2.0,
        escape(title)
    );
    // Axes and ticks.
    let (x0, y0, x1, y1) = (px(0.0), py(0.0), px(x_max), py(y_max));
    let _ = writeln!(
        s,
        "<path d=\"M{x0:.1} {y1:.1} V{y0:.1} H{x1:.1}\" stroke=\"black\" fill=\"none\"/>"
    );
    for i in 0..=5 {
        let f = f64::from(i) / 5.0;
        let (tx, ty) = (px(f * x_max), py(f * y_max));
        let _ = writeln!(
            s,
            "<text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <line x1=\"{x0:.1}\" x2=\"{x1:.1}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" stroke=\"#ddd\"/>",
            y0 + 16.0,
            trim(f * x_max),
            x0 - 6.0,
            ty + 4.0,
            trim(f * y_max)
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">simulated time (minutes)</text>\
         <text transform=\"translate(16 {:.1}) rotate(-90)\" text-anchor=\"middle\">mean wait (minutes)</text>",
        (x0 + x1) / 2.0,
        H - 10.0,
        (y0 + y1) / 2.0
    );
    if let Some((value, label)) = reference {
        let y = py(value);
        let _ = writeln!(
            s,
            "<line x1=\"{x0:.1}\" x2=\"{x1:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#c0392b\" \
             stroke-dasharray=\"6 4\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" \
             fill=\"#c0392b\">{}</text>",
            x1,
            y - 6.0,
            escape(label)
        );
    }
    if !points.is_empty() {
        s.push_str("<polyline fill=\"none\" stroke=\"#2c7fb8\" stroke-width=\"1.5\" points=\"");
        for (i, &(x, y)) in points.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            let _ = write!(s, "{:.1},{:.1}", px(x), py(y));
        }
        s.push_str("\"/>\n");
    }
    s.push_str("</svg>\n");
    s
}

/// A tick label without needless decimals.
fn trim(v: f64) -> String {
    if v >= 100.0 || v == v.round() {
        format!("{v:.0}")
    } else if v >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_polyline_scaled_to_the_data() {
        let svg = chart(
            &[(0.0, 1.0), (50.0, 2.0), (100.0, 0.5)],
            "a <b> & c",
            Some((1.5, "Erlang C")),
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("a &lt;b&gt; &amp; c"));
        assert!(svg.contains("Erlang C"));
        // x axis up to 100, y axis up to 5 (2 * 1.05 rounded up to a nice value).
        let poly = svg
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let pts: Vec<(f64, f64)> = poly
            .split(' ')
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        assert_eq!(pts.len(), 3);
        assert_eq!(pts[0].0, LEFT);
        assert_eq!(pts[2].0, W - RIGHT);
        assert!(
            pts[1].1 < pts[0].1 && pts[0].1 < pts[2].1,
            "higher waits are drawn higher"
        );
        assert_eq!(nice_ceiling(2.1), 5.0);
        assert_eq!(nice_ceiling(0.07), 0.1);
    }
}
