//! The statistics page's charts, drawn as SVG text on the server so they print as they show.

use serde::{Deserialize, Serialize};

use super::Share;
use crate::domain::Lang;

/// A chart drawn as SVG text (on the server, so it prints as it shows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    pub title: String,
    pub svg: String,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart of hours, one bar per share, labelled with the hours; its title and
/// the words inside it in `lang`.
pub fn bar_chart(title: &str, shares: &[Share], lang: Lang) -> Chart {
    const ROW: i64 = 28;
    const LABEL: i64 = 120;
    const WIDTH: i64 = 640;
    const BAR: i64 = WIDTH - LABEL - 70;
    let max = shares.iter().map(|s| s.minutes.0).max().unwrap_or(0).max(1);
    let height = ROW * shares.len().max(1) as i64 + 8;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\" class=\"chart\">",
        escape(title)
    );
    if shares.is_empty() {
        svg.push_str(&format!(
            "<text x=\"{LABEL}\" y=\"20\" class=\"chart-empty\">{}</text>",
            escape(lang.pick("（无数据）", "(no data)"))
        ));
    }
    for (i, share) in shares.iter().enumerate() {
        let y = 4 + ROW * i as i64;
        let width = if share.minutes.0 > 0 {
            (BAR * share.minutes.0 / max).max(2)
        } else {
            0
        };
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{width}\" height=\"{}\" rx=\"3\" class=\"chart-bar\"><title>{}</title></rect>\
             <text x=\"{}\" y=\"{}\" class=\"chart-value\">{}</text>",
            LABEL - 8,
            y + 17,
            escape(share.label_in(lang)),
            ROW - 8,
            escape(&match lang {
                Lang::Zh => format!("{}：{} 小时", share.label, share.minutes.hours_text()),
                Lang::En => format!("{}: {} h", share.label_in(lang), share.minutes.hours_text()),
            }),
            LABEL + width + 6,
            y + 17,
            share.minutes.hours_text(),
        ));
    }
    svg.push_str("</svg>");
    Chart {
        title: title.to_string(),
        svg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Minutes;

    #[test]
    fn a_chart_escapes_its_labels_and_scales_to_the_largest_bar() {
        let shares = vec![
            Share {
                key: "a".into(),
                label: "<助老>".into(),
                label_en: Some("Elderly <care>".into()),
                minutes: Minutes(600),
                lines: 4,
            },
            Share {
                key: "b".into(),
                label: "家教".into(),
                label_en: None,
                minutes: Minutes(300),
                lines: 2,
            },
        ];
        let chart = bar_chart("时长", &shares, Lang::Zh);
        assert!(chart.svg.contains("&lt;助老&gt;"));
        assert!(chart.svg.contains("<title>&lt;助老&gt;：10.0 小时</title>"));
        let english = bar_chart("Hours", &shares, Lang::En);
        assert!(
            english.svg.contains("<title>家教: 5.0 h</title>"),
            "no English name: the Chinese"
        );
        assert!(
            english.svg.contains(">Elderly &lt;care&gt;</text>"),
            "the English name in English"
        );
        assert!(english
            .svg
            .contains("<title>Elderly &lt;care&gt;: 10.0 h</title>"));
        assert!(!english.svg.contains("助老"));
        assert!(english.svg.contains("aria-label=\"Hours\""));
        assert!(!chart.svg.contains("<助老>"));
        assert!(
            chart.svg.contains("width=\"450\""),
            "the largest bar is full width"
        );
        assert!(
            chart.svg.contains("width=\"225\""),
            "half the time, half the bar"
        );
        assert!(chart.svg.contains(">10.0</text>"));
    }
}
