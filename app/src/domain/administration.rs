//! Running a sub-district without a developer: its communities, its staff accounts, its kiosks,
//! and volunteers who leave. The rules here are the ones a page and the server both apply.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::account::NewPassword;
use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::{CommunityId, PersonId};
use super::person::Role;
use super::text::{clean, PersonName, Reason};

/// A community's (or the sub-district's) name: 1–100 characters on one line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceName(String);

impl PlaceName {
    pub fn parse(field: Field, raw: &str) -> Result<Self, ValidationError> {
        clean(field, raw, 100, true, false).map(PlaceName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A staff member's sign-in name: 3–32 lowercase letters, digits, `.`, `_` or `-`, starting
/// with a letter. Never eleven digits, so it cannot be mistaken for a volunteer's phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let name = raw.trim().to_lowercase();
        if name.is_empty() {
            return Err(ValidationError::Required(Field::Username));
        }
        let count = name.chars().count();
        if count < 3 {
            return Err(ValidationError::TooShort {
                field: Field::Username,
                min: 3,
            });
        }
        if count > 32 {
            return Err(ValidationError::TooLong {
                field: Field::Username,
                max: 32,
            });
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
        if !name.starts_with(|c: char| c.is_ascii_lowercase()) || !name.chars().all(allowed) {
            return Err(ValidationError::Invalid(Field::Username));
        }
        Ok(Username(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the admin types to open a staff account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffInput {
    pub name: String,
    pub username: String,
    pub password: String,
    pub community: String,
}

/// A staff account ready to be stored (the password still in clear: the server hashes it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaff {
    pub name: PersonName,
    pub username: Username,
    pub password: NewPassword,
    pub community: CommunityId,
}

impl NewStaff {
    /// Every field's problem at once, so the form can mark them all.
    pub fn parse(input: &StaffInput) -> Result<Self, ValidationErrors> {
        let name = PersonName::parse(&input.name);
        let username = Username::parse(&input.username);
        let password = NewPassword::parse(&input.password);
        let community = match input.community.trim() {
            "" => Err(ValidationError::Required(Field::Community)),
            c => Ok(CommunityId::new(c)),
        };
        match (name, username, password, community) {
            (Ok(name), Ok(username), Ok(password), Ok(community)) => Ok(NewStaff {
                name,
                username,
                password,
                community,
            }),
            (name, username, password, community) => Err(ValidationErrors(
                [name.err(), username.err(), password.err(), community.err()]
                    .into_iter()
                    .flatten()
                    .collect(),
            )),
        }
    }
}

/// A community as the admin manages it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunityRow {
    pub id: CommunityId,
    pub name: String,
    pub retired: bool,
    pub staff: i64,
    pub volunteers: i64,
    pub households: i64,
}

/// Someone who works at the office: staff of a community, or an administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub person: PersonId,
    pub name: String,
    pub username: String,
    pub role: Role,
    pub community: Option<CommunityId>,
    pub community_name: Option<String>,
}

/// The roles the admin can give: staff of a community, volunteer (the staff role taken away: the
/// person keeps their passbook), or administrator of the sub-district.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleChange {
    Staff,
    Volunteer,
    Admin,
}

impl RoleChange {
    pub fn role(self) -> Role {
        match self {
            RoleChange::Staff => Role::Staff,
            RoleChange::Volunteer => Role::Volunteer,
            RoleChange::Admin => Role::Admin,
        }
    }

    /// Staff and volunteers belong to a community; the admin to the whole sub-district.
    pub fn needs_community(self) -> bool {
        !matches!(self, RoleChange::Admin)
    }
}

/// Why a change of role was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AdministrationError {
    /// The last active administrator cannot lose the role: nobody could manage the sub-district.
    #[error("the last administrator keeps the role")]
    LastAdmin,
    /// The community is retired: nothing new is filed under it.
    #[error("the community is retired")]
    RetiredCommunity,
    /// The person is deactivated; reactivate them first.
    #[error("the account is deactivated")]
    Deactivated,
}

impl AdministrationError {
    pub fn message(self, lang: super::Lang) -> &'static str {
        match self {
            AdministrationError::LastAdmin => lang.pick(
                "这是最后一位街道管理员，不能取消其管理员身份。",
                "This is the last administrator: the role cannot be taken away.",
            ),
            AdministrationError::RetiredCommunity => lang.pick(
                "该社区已撤销，不能再登记新的内容。",
                "This community is retired: nothing new can be filed under it.",
            ),
            AdministrationError::Deactivated => lang.pick(
                "该账户已停用，请先恢复。",
                "This account is deactivated: reactivate it first.",
            ),
        }
    }
}

/// Why a volunteer leaves: the reason is kept in the file and the audit trail.
pub fn deactivation_reason(raw: &str) -> Result<Reason, ValidationError> {
    let reason = Reason::parse(raw)?;
    if reason.as_str().chars().count() > 200 {
        return Err(ValidationError::TooLong {
            field: Field::Reason,
            max: 200,
        });
    }
    Ok(reason)
}

/// A kiosk of a community, as staff see it in the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskRow {
    pub id: String,
    pub name: String,
    pub community_name: String,
    pub created_at: DateTime<Utc>,
    /// When it last asked for the wall (at most a minute stale); `None` if never.
    pub last_seen_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// What `server init` creates on an empty database: the sub-district and its first
/// administrator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Founding {
    pub sub_district: PlaceName,
    pub admin_name: PersonName,
    pub admin_login: Username,
    pub admin_password: NewPassword,
}

impl Founding {
    pub fn parse(
        sub_district: &str,
        admin_name: &str,
        admin_login: &str,
        admin_password: &str,
    ) -> Result<Self, ValidationErrors> {
        let place = PlaceName::parse(Field::Name, sub_district);
        let name = PersonName::parse(admin_name);
        let login = Username::parse(admin_login);
        let password = NewPassword::parse(admin_password);
        match (place, name, login, password) {
            (Ok(sub_district), Ok(admin_name), Ok(admin_login), Ok(admin_password)) => {
                Ok(Founding {
                    sub_district,
                    admin_name,
                    admin_login,
                    admin_password,
                })
            }
            (a, b, c, d) => Err(ValidationErrors(
                [a.err(), b.err(), c.err(), d.err()]
                    .into_iter()
                    .flatten()
                    .collect(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_username_is_lowercased_and_refuses_what_a_login_could_confuse() {
        assert_eq!(
            Username::parse(" Staff.Li ").expect("valid").as_str(),
            "staff.li"
        );
        assert_eq!(
            Username::parse("13800010000"),
            Err(ValidationError::Invalid(Field::Username)),
            "digits only would read as a phone number"
        );
        assert_eq!(
            Username::parse("李工作人员"),
            Err(ValidationError::Invalid(Field::Username))
        );
        assert!(matches!(
            Username::parse("ab"),
            Err(ValidationError::TooShort { .. })
        ));
        assert_eq!(
            Username::parse(""),
            Err(ValidationError::Required(Field::Username))
        );
    }

    #[test]
    fn a_staff_form_reports_every_bad_field_at_once() {
        let errors = NewStaff::parse(&StaffInput::default()).expect_err("all empty");
        let fields: Vec<Field> = errors.0.iter().map(|e| e.field()).collect();
        assert_eq!(
            fields,
            [
                Field::Name,
                Field::Username,
                Field::Password,
                Field::Community
            ]
        );
        let ok = NewStaff::parse(&StaffInput {
            name: "李娜".into(),
            username: "lina".into(),
            password: "a-long-password".into(),
            community: "c1".into(),
        })
        .expect("valid");
        assert_eq!(ok.username.as_str(), "lina");
    }

    #[test]
    fn the_founding_needs_a_name_an_admin_and_a_real_password() {
        assert!(Founding::parse("福利路街道", "街道管理员", "admin", "a-long-password").is_ok());
        let errors = Founding::parse(" ", "", "1", "short").expect_err("all bad");
        assert_eq!(errors.0.len(), 4);
    }

    #[test]
    fn a_deactivation_needs_a_short_reason() {
        assert!(deactivation_reason("迁出本社区").is_ok());
        assert_eq!(
            deactivation_reason("  "),
            Err(ValidationError::Required(Field::Reason))
        );
        assert!(deactivation_reason(&"很".repeat(201)).is_err());
    }
}
