//! Applying online to become a volunteer (开户申请): a resident fills their own file, chooses a
//! community and a password, and waits until staff of that community open the account or decline
//! it with a reason. Until then they cannot sign in, and signing in tells them where they stand.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::account::NewPassword;
use super::error::{Field, ValidationError, ValidationErrors};
use super::ids::CommunityId;
use super::person::{Gender, VolunteerFile, VolunteerInput};
use super::text::Reason;
use super::Lang;

/// Applications one community may have waiting at once. A stranger who gets past the per-address
/// throttle from many addresses fills at most this many rows, which staff decline in one sitting;
/// residents are then told to apply at the community's office.
pub const PENDING_PER_COMMUNITY: i64 = 100;

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    Pending,
    Approved,
    Declined,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 3] = [
        ApplicationStatus::Pending,
        ApplicationStatus::Approved,
        ApplicationStatus::Declined,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "pending",
            ApplicationStatus::Approved => "approved",
            ApplicationStatus::Declined => "declined",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ApplicationStatus::Pending => lang.pick("待审核", "Waiting"),
            ApplicationStatus::Approved => lang.pick("已开户", "Approved"),
            ApplicationStatus::Declined => lang.pick("未通过", "Declined"),
        }
    }
}

/// A validated application: the file, the password the applicant chose and their community.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    pub file: VolunteerFile,
    pub password: NewPassword,
    pub community: CommunityId,
}

impl Application {
    /// Checks every field and reports every problem at once (the community too).
    pub fn parse(
        file: &VolunteerInput,
        password: &str,
        community: &str,
        categories: &[&str],
        today: NaiveDate,
    ) -> Result<Self, ValidationErrors> {
        let file = VolunteerFile::parse(file, categories, today);
        let password = NewPassword::parse(password);
        let community = Some(community.trim())
            .filter(|c| !c.is_empty())
            .map(CommunityId::new)
            .ok_or(ValidationError::Required(Field::Community));
        match (file, password, community) {
            (Ok(file), Ok(password), Ok(community)) => Ok(Application {
                file,
                password,
                community,
            }),
            (file, password, community) => {
                let mut errors = file.err().unwrap_or_default();
                errors.0.extend(password.err());
                errors.0.extend(community.err());
                Err(errors)
            }
        }
    }
}

/// An application as staff see it in their list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRow {
    pub id: String,
    pub community: CommunityId,
    pub community_name: String,
    pub name: String,
    pub gender: Option<Gender>,
    pub birth_year: i32,
    /// As stored (Chinese).
    pub political_status: String,
    pub phone: String,
    pub skills: String,
    pub preferences: Vec<String>,
    pub occupation: String,
    pub hobbies: String,
    pub submitted_at: DateTime<Utc>,
    pub status: ApplicationStatus,
    pub decided_at: Option<DateTime<Utc>>,
    /// The staff member who decided.
    pub decided_by: Option<String>,
    /// Why it was declined (empty otherwise).
    pub reason: String,
}

/// Why staff declined: the applicant reads it when they try to sign in.
pub fn decline_reason(raw: &str) -> Result<Reason, ValidationError> {
    let reason = Reason::parse(raw)?;
    if reason.as_str().chars().count() > 200 {
        return Err(ValidationError::TooLong {
            field: Field::Reason,
            max: 200,
        });
    }
    Ok(reason)
}

/// What stops an application, or a sign-in with one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApplicationError {
    /// Told at sign-in (after the right password): staff have not decided yet.
    #[error("the application waits for staff")]
    Pending { community: String },
    /// Told at sign-in (after the right password): staff declined, and why.
    #[error("the application was declined")]
    Declined { reason: String },
    /// This phone number already has an application waiting.
    #[error("an application with this phone waits already")]
    AlreadyApplied,
    /// The community has [`PENDING_PER_COMMUNITY`] applications waiting.
    #[error("the community's applications are full")]
    QueueFull,
    /// Someone decided this application already.
    #[error("the application was decided already")]
    AlreadyDecided,
}

impl ApplicationError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ApplicationError::Pending { community }, Lang::Zh) => format!(
                "您的开户申请正在等待{community}工作人员审核。审核通过后，用手机号和您设的密码即可登录。"
            ),
            (ApplicationError::Pending { community }, Lang::En) => format!(
                "Your application is waiting for the staff of {community}. Once they approve it, sign in with your phone and the password you chose."
            ),
            (ApplicationError::Declined { reason }, Lang::Zh) => format!(
                "您的开户申请未通过审核，原因：{reason}。如有疑问请联系社区工作人员，也可以修改后重新申请。"
            ),
            (ApplicationError::Declined { reason }, Lang::En) => format!(
                "Your application was declined: {reason}. Ask your community's staff, or apply again with the changes."
            ),
            (ApplicationError::AlreadyApplied, Lang::Zh) => {
                "这个手机号已提交过开户申请，正在等待审核，请勿重复提交。".into()
            }
            (ApplicationError::AlreadyApplied, Lang::En) => {
                "An application with this phone number is already waiting for staff.".into()
            }
            (ApplicationError::QueueFull, Lang::Zh) => {
                "该社区待审核的开户申请较多，请过几天再试，或直接到社区服务站办理。".into()
            }
            (ApplicationError::QueueFull, Lang::En) => {
                "This community has many applications waiting. Try again in a few days, or apply at the community office.".into()
            }
            (ApplicationError::AlreadyDecided, Lang::Zh) => {
                "这份申请已经处理过了，请刷新列表。".into()
            }
            (ApplicationError::AlreadyDecided, Lang::En) => {
                "This application was decided already; reload the list.".into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
    }

    fn file() -> VolunteerInput {
        VolunteerInput {
            name: "王小梅".into(),
            gender: "female".into(),
            birth_year: "1988".into(),
            political_status: "群众".into(),
            phone: "139 0000 1111".into(),
            occupation: "护士".into(),
            hobbies: "唱歌".into(),
            ..VolunteerInput::default()
        }
    }

    #[test]
    fn an_application_needs_the_file_a_password_and_a_community() {
        let ok = Application::parse(&file(), "一二三四五六七八", "c1", &[], today()).expect("ok");
        assert_eq!(ok.file.phone.as_str(), "13900001111");
        assert_eq!(ok.community.as_str(), "c1");
        let errors = Application::parse(
            &VolunteerInput {
                name: String::new(),
                ..file()
            },
            "short",
            "  ",
            &[],
            today(),
        )
        .expect_err("three problems");
        let fields: Vec<Field> = errors.0.iter().map(ValidationError::field).collect();
        assert_eq!(fields, [Field::Name, Field::Password, Field::Community]);
    }

    #[test]
    fn statuses_round_trip_and_every_refusal_reads_in_both_languages() {
        for status in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::from_code(status.code()), Some(status));
        }
        for e in [
            ApplicationError::Pending {
                community: "东风社区".into(),
            },
            ApplicationError::Declined {
                reason: "不在本社区居住".into(),
            },
            ApplicationError::AlreadyApplied,
            ApplicationError::QueueFull,
            ApplicationError::AlreadyDecided,
        ] {
            assert_ne!(e.message(Lang::Zh), e.message(Lang::En));
        }
        let declined = ApplicationError::Declined {
            reason: "不在本社区居住".into(),
        };
        assert!(declined.message(Lang::Zh).contains("不在本社区居住"));
        assert!(decline_reason(" ").is_err());
        assert!(decline_reason(&"因".repeat(201)).is_err());
    }
}
