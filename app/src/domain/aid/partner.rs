//! Partner organisations (共驻共建单位) that give aid: a company, a school, a stationed unit or a
//! social organisation, of one community or of the whole sub-district.

use serde::{Deserialize, Serialize};

use crate::domain::error::{Field, ValidationError, ValidationErrors};
use crate::domain::ids::CommunityId;
use crate::domain::text::clean;
use crate::domain::Lang;

/// What kind of organisation a partner is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    Company,
    School,
    /// A unit stationed in the area (驻区单位) that builds with the community (共驻共建).
    Unit,
    SocialOrganisation,
    Other,
}

impl PartnerKind {
    pub const ALL: [PartnerKind; 5] = [
        PartnerKind::Company,
        PartnerKind::School,
        PartnerKind::Unit,
        PartnerKind::SocialOrganisation,
        PartnerKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PartnerKind::Company => "company",
            PartnerKind::School => "school",
            PartnerKind::Unit => "unit",
            PartnerKind::SocialOrganisation => "social_organisation",
            PartnerKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PartnerKind::Company => lang.pick("企业", "Company"),
            PartnerKind::School => lang.pick("学校", "School"),
            PartnerKind::Unit => lang.pick("驻区单位", "Stationed unit"),
            PartnerKind::SocialOrganisation => lang.pick("社会组织", "Social organisation"),
            PartnerKind::Other => lang.pick("其他", "Other"),
        }
    }
}

/// The partner form as typed. `community` empty: the whole sub-district's (the admin only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerInput {
    pub name: String,
    #[serde(default)]
    pub contact: String,
    pub kind: String,
    #[serde(default)]
    pub community: String,
}

/// A partner ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPartner {
    pub name: String,
    pub contact: String,
    pub kind: PartnerKind,
}

impl NewPartner {
    pub fn parse(input: &PartnerInput) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.take(clean(Field::Partner, &input.name, 100, true, false));
        let contact = errors.take(clean(Field::Contact, &input.contact, 100, false, false));
        let kind = errors.take(match input.kind.trim() {
            "" => Err(ValidationError::Required(Field::PartnerKind)),
            code => {
                PartnerKind::from_code(code).ok_or(ValidationError::Invalid(Field::PartnerKind))
            }
        });
        errors.finish(|| {
            Some(NewPartner {
                name: name?,
                contact: contact?,
                kind: kind?,
            })
        })
    }
}

/// A partner as the office lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub contact: String,
    pub kind: PartnerKind,
    /// `None`: a partner of the whole sub-district, offered in every community.
    pub community: Option<CommunityId>,
    pub community_name: Option<String>,
}
