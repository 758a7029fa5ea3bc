use serde::{Deserialize, Serialize};

use super::error::{Field, ValidationError, ValidationErrors};
use super::text::clean;
use super::Lang;

/// A service category (服务类别). Eight are seeded from the product brief; staff may add more, so
/// a category is data (a code and two names), not a closed enum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Stable identifier, lowercase ASCII, used in URLs and records.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// A symbol shown beside the name on phones and on the wall.
    pub icon: String,
    /// Retired by staff: no longer offered by the forms (lines that name it stay valid).
    #[serde(default)]
    pub retired: bool,
}

impl Category {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_zh, &self.name_en)
    }

    /// A category staff add: a code of lowercase letters, digits and `_` (up to 40), names in
    /// both languages, and an optional short icon.
    pub fn parse(
        code: &str,
        name_zh: &str,
        name_en: &str,
        icon: &str,
    ) -> Result<Category, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let code = code.trim();
        let code = errors.take(if code.is_empty() {
            Err(ValidationError::Required(Field::Category))
        } else if code.len() > 40
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            Err(ValidationError::Invalid(Field::Category))
        } else {
            Ok(code.to_string())
        });
        let name_zh = errors.take(clean(Field::Name, name_zh, 40, true, false));
        let name_en = errors.take(clean(Field::Name, name_en, 60, true, false));
        let icon = errors.take(clean(Field::Note, icon, 8, false, false));
        errors.finish(|| {
            Some(Category {
                code: code?,
                name_zh: name_zh?,
                name_en: name_en?,
                icon: icon?,
                retired: false,
            })
        })
    }
}

/// The eight categories of the Love Bank (义务维修 … 社区环保): code, Chinese, English, icon.
pub const SEEDED_CATEGORIES: [(&str, &str, &str, &str); 8] = [
    ("repair", "义务维修", "Repairs", "🔧"),
    ("tutoring", "义务家教", "Tutoring", "📚"),
    ("legal", "法律援助", "Legal aid", "⚖️"),
    ("health", "医疗保健", "Health care", "🩺"),
    ("community_help", "社区帮困", "Community help", "🤝"),
    ("education", "社区教育", "Community education", "🎓"),
    ("culture_sports", "社区文体", "Culture and sports", "🎵"),
    ("environment", "社区环保", "Environment", "🌱"),
];

/// "🍲 助餐送餐" for a category of `known` (the server's list, as last synced), else the seeded
/// label, else the code itself.
pub fn category_label_among(code: &str, lang: Lang, known: &[Category]) -> String {
    match known.iter().find(|c| c.code == code) {
        Some(c) if c.icon.is_empty() => lang.pick(&c.name_zh, &c.name_en).to_string(),
        Some(c) => format!("{} {}", c.icon, lang.pick(&c.name_zh, &c.name_en)),
        None => category_label(code, lang),
    }
}

/// "🔧 义务维修" for a seeded code; the code itself for one added later (the phone knows the
/// seeded eight offline).
pub fn category_label(code: &str, lang: Lang) -> String {
    SEEDED_CATEGORIES
        .iter()
        .find(|c| c.0 == code)
        .map(|(_, zh, en, icon)| format!("{icon} {}", lang.pick(zh, en)))
        .unwrap_or_else(|| code.to_string())
}

/// The seeded categories as values, in their canonical order.
pub fn seeded_categories() -> Vec<Category> {
    SEEDED_CATEGORIES
        .iter()
        .map(|(code, zh, en, icon)| Category {
            code: (*code).into(),
            name_zh: (*zh).into(),
            name_en: (*en).into(),
            icon: (*icon).into(),
            retired: false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_synced_category_is_named_and_an_unknown_code_stays_a_code() {
        let meals = Category::parse("meals", "助餐送餐", "Meals", "🍲").expect("valid");
        assert_eq!(
            category_label_among("meals", Lang::Zh, std::slice::from_ref(&meals)),
            "🍲 助餐送餐"
        );
        assert_eq!(
            category_label_among("meals", Lang::En, &[meals]),
            "🍲 Meals"
        );
        assert_eq!(category_label_among("repair", Lang::Zh, &[]), "🔧 义务维修");
        assert_eq!(category_label_among("gone", Lang::Zh, &[]), "gone");
    }

    #[test]
    fn eight_distinct_seeded_categories() {
        let all = seeded_categories();
        assert_eq!(all.len(), 8);
        let mut codes: Vec<_> = all.iter().map(|c| c.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 8, "category codes must be unique");
        assert!(all.iter().all(|c| c
            .code
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch == '_')));
    }

    #[test]
    fn staff_can_define_a_category_with_a_clean_code() {
        let c = Category::parse("elder_meals", "助餐服务", "Meals for the elderly", "🍲")
            .expect("valid");
        assert_eq!(c.code, "elder_meals");
        let errors = Category::parse("Elder Meals", "", "x", "").expect_err("invalid");
        assert!(errors.for_field(Field::Category).is_some());
        assert!(errors.for_field(Field::Name).is_some());
    }

    #[test]
    fn names_follow_the_language() {
        let repair = &seeded_categories()[0];
        assert_eq!(repair.name(Lang::Zh), "义务维修");
        assert_eq!(repair.name(Lang::En), "Repairs");
    }
}
