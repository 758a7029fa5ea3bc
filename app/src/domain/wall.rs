//! The wish wall as people see it: the cards with the counts the kiosk shows, how they are sorted
//! and filtered, and the service menu (服务菜单) built from what volunteers offer.

use serde::{Deserialize, Serialize};

use super::wish::{WishCard, WishState};

/// The three figures on top of the wall and the kiosk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WallCounts {
    /// Public wishes with room for a claimer now.
    pub open: u32,
    /// Wishes claimed (at least once) this calendar month, China time.
    pub claimed_this_month: u32,
    /// Wishes staff confirmed fulfilled this calendar year, China time.
    pub fulfilled_this_year: u32,
}

/// A community's wall for one viewer: the public wishes, plus the viewer's own wishes still
/// waiting for approval (nobody else sees those).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WallView {
    pub community_name: String,
    pub cards: Vec<WishCard>,
    pub counts: WallCounts,
}

/// A QR code as one SVG path over a `size`×`size` grid of modules (quiet zone included): a
/// few kilobytes, drawn as an element, never as markup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrPath {
    pub size: u32,
    pub path: String,
}

/// What the kiosk shows: the wall, and for each open wish the code a phone scans to open it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskView {
    pub wall: WallView,
    /// (wish id, its code), for the open wishes.
    pub codes: Vec<(String, QrPath)>,
    /// The service categories, so a wish of one staff added is named on the screen too.
    #[serde(default)]
    pub categories: Vec<super::Category>,
}

/// A wish as staff see it: the card, the household it is for, who claimed it and who reported
/// it done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffWish {
    pub card: WishCard,
    pub community_name: String,
    pub household_head: Option<String>,
    pub claimers: Vec<String>,
    pub reported_by: Vec<String>,
}

/// How the wall is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WallOrder {
    /// Newest first.
    #[default]
    Newest,
    /// Open wishes that have waited longest first: the ones most in need of a volunteer.
    OldestOpen,
}

/// What the wall shows: a category (or all), a state (or all), in an order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WallFilter {
    pub category: Option<String>,
    pub state: Option<WishState>,
    pub order: WallOrder,
}

/// The cards that pass `filter`, in its order.
pub fn arrange<'a>(cards: &'a [WishCard], filter: &WallFilter) -> Vec<&'a WishCard> {
    let mut shown: Vec<&WishCard> = cards
        .iter()
        .filter(|c| filter.category.as_ref().is_none_or(|k| &c.category == k))
        .filter(|c| filter.state.is_none_or(|s| c.state == s))
        .collect();
    match filter.order {
        WallOrder::Newest => {
            shown.sort_by(|a, b| b.posted_at.cmp(&a.posted_at).then(b.id.cmp(&a.id)))
        }
        WallOrder::OldestOpen => shown.sort_by(|a, b| {
            (a.state != WishState::Open)
                .cmp(&(b.state != WishState::Open))
                .then(a.posted_at.cmp(&b.posted_at))
                .then(a.id.cmp(&b.id))
        }),
    }
    shown
}

/// One category of the service menu: how many volunteers offer it, and the skills they name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuCategory {
    /// The category code ("" for skills of volunteers who chose no category).
    pub category: String,
    pub volunteers: u32,
    /// Each skill once, with how many volunteers name it, most offered first.
    pub skills: Vec<(String, u32)>,
}

/// What a volunteer offers: their skills (free text) and preferred categories.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offering {
    pub skills: String,
    pub preferences: Vec<String>,
}

/// The service menu of a community from its volunteers' offerings, in the order of
/// `categories` (then anything else).
pub fn service_menu(offerings: &[Offering], categories: &[&str]) -> Vec<MenuCategory> {
    let mut menu: Vec<MenuCategory> = Vec::new();
    for offering in offerings {
        let skills = split_skills(&offering.skills);
        if offering.preferences.is_empty() && skills.is_empty() {
            continue;
        }
        let codes: Vec<&str> = if offering.preferences.is_empty() {
            vec![""]
        } else {
            offering.preferences.iter().map(String::as_str).collect()
        };
        for code in codes {
            let entry = match menu.iter().position(|m| m.category == code) {
                Some(i) => &mut menu[i],
                None => {
                    menu.push(MenuCategory {
                        category: code.to_string(),
                        volunteers: 0,
                        skills: Vec::new(),
                    });
                    menu.last_mut().expect("just pushed")
                }
            };
            entry.volunteers += 1;
            for skill in &skills {
                match entry.skills.iter_mut().find(|(s, _)| s == skill) {
                    Some((_, n)) => *n += 1,
                    None => entry.skills.push((skill.clone(), 1)),
                }
            }
        }
    }
    let rank = |code: &str| {
        categories
            .iter()
            .position(|c| *c == code)
            .unwrap_or(categories.len())
    };
    menu.sort_by(|a, b| {
        rank(&a.category)
            .cmp(&rank(&b.category))
            .then(a.category.cmp(&b.category))
    });
    for entry in &mut menu {
        entry
            .skills
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    menu
}

/// "理发、电脑维修, 陪聊" → the skills, each once, in the order written.
pub fn split_skills(text: &str) -> Vec<String> {
    let mut skills: Vec<String> = Vec::new();
    for part in text.split(|c: char| {
        matches!(c, ',' | '，' | '、' | ';' | '；' | '/' | '\n') || c.is_whitespace()
    }) {
        let skill = part.trim();
        if !skill.is_empty() && !skills.iter().any(|s| s == skill) {
            skills.push(skill.to_string());
        }
    }
    skills
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{CommunityId, WishId};
    use chrono::{TimeZone, Utc};

    fn card(id: &str, category: &str, state: WishState, day: u32) -> WishCard {
        WishCard {
            id: WishId::new(id),
            community: CommunityId::new("c"),
            poster: "王阿姨".into(),
            need: "need".into(),
            offer: String::new(),
            category: category.into(),
            capacity: 1,
            claims: 0,
            state,
            posted_at: Utc
                .with_ymd_and_hms(2026, 11, day, 8, 0, 0)
                .single()
                .expect("time"),
            service: String::new(),
            claimed_by_me: false,
            posted_by_me: false,
            reported: false,
            decline_reason: String::new(),
            waiting_long: false,
            reopened: false,
            withdrawn_by_poster: false,
            pay: None,
        }
    }

    #[test]
    fn newest_first_or_the_longest_waiting_open_wish_first() {
        let cards = vec![
            card("a", "repair", WishState::Open, 1),
            card("b", "health", WishState::Claimed, 2),
            card("c", "repair", WishState::Open, 3),
            card("d", "repair", WishState::Fulfilled, 4),
        ];
        let ids = |f: &WallFilter| {
            arrange(&cards, f)
                .iter()
                .map(|c| c.id.as_str().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&WallFilter::default()), ["d", "c", "b", "a"]);
        let oldest = WallFilter {
            order: WallOrder::OldestOpen,
            ..WallFilter::default()
        };
        assert_eq!(ids(&oldest), ["a", "c", "b", "d"]);
        let repairs_open = WallFilter {
            category: Some("repair".into()),
            state: Some(WishState::Open),
            order: WallOrder::Newest,
        };
        assert_eq!(ids(&repairs_open), ["c", "a"]);
    }

    #[test]
    fn the_menu_counts_volunteers_and_skills_by_category() {
        let offerings = vec![
            Offering {
                skills: "理发、电脑维修".into(),
                preferences: vec!["repair".into(), "health".into()],
            },
            Offering {
                skills: "电脑维修，电脑维修 陪聊".into(),
                preferences: vec!["repair".into()],
            },
            Offering {
                skills: "书法".into(),
                preferences: Vec::new(),
            },
            Offering {
                skills: String::new(),
                preferences: Vec::new(),
            },
        ];
        let menu = service_menu(&offerings, &["repair", "tutoring", "health"]);
        let codes: Vec<&str> = menu.iter().map(|m| m.category.as_str()).collect();
        assert_eq!(codes, ["repair", "health", ""]);
        assert_eq!(menu[0].volunteers, 2);
        assert_eq!(
            menu[0].skills,
            vec![
                ("电脑维修".to_string(), 2),
                ("理发".to_string(), 1),
                ("陪聊".to_string(), 1)
            ]
        );
        assert_eq!(menu[1].volunteers, 1);
        assert_eq!(menu[2].skills, vec![("书法".to_string(), 1)]);
    }
}
