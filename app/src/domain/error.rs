use serde::{Deserialize, Serialize};

use super::Lang;

/// A form field, named so a message can say which one is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Name,
    Phone,
    Username,
    Password,
    Gender,
    BirthYear,
    PoliticalStatus,
    Skills,
    Preferences,
    Community,
    Category,
    Date,
    StartTime,
    EndTime,
    Place,
    Content,
    Beneficiary,
    WitnessName,
    WitnessPhone,
    /// The witness's signature drawn on the volunteer's phone.
    WitnessSignature,
    Reason,
    HeadOfHousehold,
    Address,
    Members,
    HardshipType,
    Needs,
    Need,
    Offer,
    Capacity,
    Schedule,
    Volunteers,
    Points,
    Note,
    Household,
    Pairing,
    StartDate,
    EndDate,
    Title,
    Attendees,
    /// An attendee's own arrival and departure times.
    Attendance,
    /// The last date a regular activity repeats on, weekly.
    RepeatUntil,
    Kind,
    Item,
    Occupation,
    Hobbies,
    /// How many days a wish may wait on the wall before it is marked.
    WaitingDays,
    /// A partner organisation (共驻共建单位): its name, or the one aid came from.
    Partner,
    /// How to reach a partner.
    Contact,
    /// What kind of organisation a partner is.
    PartnerKind,
    /// The campaign aid belongs to (e.g. 春节慰问).
    Campaign,
    /// Money or goods.
    AidKind,
    /// Money given, in yuan.
    Amount,
    /// Goods given: what.
    Goods,
    /// Goods given: how many.
    Quantity,
    /// A resident identity card number (居民身份证号码).
    IdCard,
    /// Hours a depositor pays from their passbook for help in return (回报).
    Pay,
}

impl Field {
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Field::Name => ("姓名", "Name"),
            Field::Phone => ("手机号", "Phone"),
            Field::Username => ("用户名", "Username"),
            Field::Password => ("密码", "Password"),
            Field::Gender => ("性别", "Gender"),
            Field::BirthYear => ("出生年份", "Year of birth"),
            Field::PoliticalStatus => ("政治面貌", "Political status"),
            Field::Skills => ("特长", "Skills"),
            Field::Preferences => ("服务意向", "Service preferences"),
            Field::Community => ("社区", "Community"),
            Field::Category => ("服务类别", "Category"),
            Field::Date => ("服务日期", "Date"),
            Field::StartTime => ("开始时间", "Start time"),
            Field::EndTime => ("结束时间", "End time"),
            Field::Place => ("服务地点", "Place"),
            Field::Content => ("服务内容", "Content"),
            Field::Beneficiary => ("服务对象", "Beneficiary"),
            Field::WitnessName => ("见证人", "Witness"),
            Field::WitnessPhone => ("见证人电话", "Witness phone"),
            Field::WitnessSignature => ("见证人签名", "Witness signature"),
            Field::Reason => ("原因", "Reason"),
            Field::HeadOfHousehold => ("户主", "Head of household"),
            Field::Address => ("住址", "Address"),
            Field::Members => ("家庭人口", "Members"),
            Field::HardshipType => ("困难类型", "Hardship type"),
            Field::Needs => ("帮扶需求", "Needs"),
            Field::Need => ("心愿内容", "The wish"),
            Field::Offer => ("可提供的回报", "What they offer"),
            Field::Capacity => ("认领人数", "Number of claimers"),
            Field::Schedule => ("服务时间安排", "Schedule"),
            Field::Volunteers => ("服务人员", "Volunteers"),
            Field::Points => ("积分", "Points"),
            Field::Note => ("备注", "Note"),
            Field::Household => ("帮扶家庭", "Household"),
            Field::Pairing => ("结对方式", "Pairing"),
            Field::StartDate => ("开始日期", "Start date"),
            Field::EndDate => ("结束日期", "End date"),
            Field::Title => ("活动名称", "Activity"),
            Field::Attendees => ("参加人员", "Attendees"),
            Field::Attendance => ("到达和离开时间", "Arrival and departure times"),
            Field::RepeatUntil => ("每周重复至", "Repeat weekly until"),
            Field::WaitingDays => ("久候天数", "Days before a wish counts as waiting long"),
            Field::Partner => ("共建单位", "Partner"),
            Field::Contact => ("联系方式", "Contact"),
            Field::PartnerKind => ("单位类型", "Kind of partner"),
            Field::Campaign => ("慰问活动", "Campaign"),
            Field::AidKind => ("慰问方式", "Money or goods"),
            Field::Amount => ("慰问金额", "Amount"),
            Field::Goods => ("慰问物品", "Goods"),
            Field::Quantity => ("数量", "Quantity"),
            Field::IdCard => ("身份证号", "ID card number"),
            Field::Pay => ("支付时间", "Hours you pay"),
            Field::Kind => ("活动类型", "Kind"),
            Field::Item => ("兑换物品", "Item"),
            Field::Occupation => ("职业", "Occupation"),
            Field::Hobbies => ("兴趣爱好", "Hobbies"),
        };
        lang.pick(zh, en)
    }
}

/// Why a value was refused. Each carries its field, so a form shows the message beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ValidationError {
    #[error("{0:?} is required")]
    Required(Field),
    #[error("{field:?} is longer than {max} characters")]
    TooLong { field: Field, max: usize },
    #[error("{field:?} is shorter than {min} characters")]
    TooShort { field: Field, min: usize },
    #[error("{field:?} must be between {min} and {max}")]
    OutOfRange { field: Field, min: i64, max: i64 },
    #[error("{0:?} is not valid")]
    Invalid(Field),
    #[error("{0:?} contains control characters")]
    ControlCharacters(Field),
    #[error("{0:?} is already registered")]
    Taken(Field),
    #[error("the end time is not after the start time")]
    EndNotAfterStart,
    #[error("a service lasts between 1 minute and 24 hours")]
    DurationOutOfRange,
    #[error("the end date is before the start date")]
    EndDateBeforeStart,
    /// Changing this (a login) needs the person's password, given online.
    #[error("{0:?} changes need the password")]
    NeedsPassword(Field),
    /// The value collides with what is stored (an id already used, a reference to nothing).
    #[error("conflicts with stored data")]
    Conflict,
}

impl ValidationError {
    pub fn field(&self) -> Field {
        match self {
            ValidationError::Required(f)
            | ValidationError::Invalid(f)
            | ValidationError::ControlCharacters(f)
            | ValidationError::Taken(f)
            | ValidationError::NeedsPassword(f)
            | ValidationError::TooLong { field: f, .. }
            | ValidationError::TooShort { field: f, .. }
            | ValidationError::OutOfRange { field: f, .. } => *f,
            ValidationError::EndNotAfterStart | ValidationError::DurationOutOfRange => {
                Field::EndTime
            }
            ValidationError::EndDateBeforeStart => Field::EndDate,
            ValidationError::Conflict => Field::Note,
        }
    }

    /// The sentence shown next to the field.
    pub fn message(&self, lang: Lang) -> String {
        let label = self.field().label(lang);
        match (self, lang) {
            (ValidationError::Required(_), Lang::Zh) => format!("请填写{label}。"),
            (ValidationError::Required(_), Lang::En) => format!("{label} is required."),
            (ValidationError::TooLong { max, .. }, Lang::Zh) => {
                format!("{label}不能超过{max}个字。")
            }
            (ValidationError::TooLong { max, .. }, Lang::En) => {
                format!("{label} can be at most {max} characters.")
            }
            (ValidationError::TooShort { min, .. }, Lang::Zh) => {
                format!("{label}至少需要{min}个字符。")
            }
            (ValidationError::TooShort { min, .. }, Lang::En) => {
                format!("{label} needs at least {min} characters.")
            }
            (ValidationError::OutOfRange { min, max, .. }, Lang::Zh) => {
                format!("{label}应在{min}到{max}之间。")
            }
            (ValidationError::OutOfRange { min, max, .. }, Lang::En) => {
                format!("{label} must be between {min} and {max}.")
            }
            (ValidationError::Invalid(Field::Phone | Field::WitnessPhone), Lang::Zh) => {
                format!("{label}格式不正确，请填写11位手机号或带区号的固定电话。")
            }
            (ValidationError::Invalid(Field::Phone | Field::WitnessPhone), Lang::En) => format!(
                "{label} is not a valid number: use an 11-digit mobile or a landline with area code."
            ),
            (ValidationError::Invalid(Field::Item), Lang::Zh) => {
                "这一项已不在兑换目录中，请重新选择。".to_string()
            }
            (ValidationError::Invalid(Field::Item), Lang::En) => {
                "This item is no longer in the catalogue: pick again.".to_string()
            }
            (ValidationError::Invalid(Field::Attendance), Lang::Zh) => {
                "到达和离开时间须在活动时间之内，且离开晚于到达。".to_string()
            }
            (ValidationError::Invalid(Field::Attendance), Lang::En) => {
                "Arrival and departure must fall within the activity, departure after arrival."
                    .to_string()
            }
            (ValidationError::Invalid(Field::RepeatUntil), Lang::Zh) => {
                "只有定期活动可以每周重复，截止日期须在活动日期之后一年之内。".to_string()
            }
            (ValidationError::Invalid(Field::RepeatUntil), Lang::En) => {
                "Only a regular activity repeats weekly, until a date within a year after it."
                    .to_string()
            }
            (ValidationError::Invalid(Field::WaitingDays), Lang::Zh) => {
                "久候天数须在 7 到 365 天之间。".to_string()
            }
            (ValidationError::Invalid(Field::WaitingDays), Lang::En) => {
                "The waiting period must be between 7 and 365 days.".to_string()
            }
            (ValidationError::Invalid(Field::Amount), Lang::Zh) => {
                "慰问金额请填写元，例如 500 或 500.50，最多两位小数。".to_string()
            }
            (ValidationError::Invalid(Field::Amount), Lang::En) => {
                "Give the amount in yuan, such as 500 or 500.50, at most two decimals.".to_string()
            }
            (ValidationError::Invalid(Field::WitnessSignature), Lang::Zh) => {
                "签名没有写完整，请见证人在框内重新签名。".to_string()
            }
            (ValidationError::Invalid(Field::WitnessSignature), Lang::En) => {
                "The signature is not complete: ask the witness to sign again in the box.".to_string()
            }
            (ValidationError::Invalid(Field::Pay), Lang::Zh) => {
                "支付时间须在0.5到40小时之间，以半小时为单位。".to_string()
            }
            (ValidationError::Invalid(Field::Pay), Lang::En) => {
                "Pay between 0.5 and 40 hours, in half hours.".to_string()
            }
            (ValidationError::Invalid(Field::IdCard), Lang::Zh) => {
                "身份证号不正确，请核对18位号码（最后一位可能是X）。".to_string()
            }
            (ValidationError::Invalid(Field::IdCard), Lang::En) => {
                "This is not a valid ID card number: check the 18 characters (the last may be X)."
                    .to_string()
            }
            (ValidationError::Invalid(Field::Partner), Lang::Zh) => {
                "这个共建单位不在本社区的名录中，请重新选择。".to_string()
            }
            (ValidationError::Invalid(Field::Partner), Lang::En) => {
                "This partner is not on the community's list: pick again.".to_string()
            }
            (ValidationError::Invalid(Field::Household), Lang::Zh) => {
                "这户家庭已销档，请先恢复档案。".to_string()
            }
            (ValidationError::Invalid(Field::Household), Lang::En) => {
                "This household's file is closed: reopen it first.".to_string()
            }
            (ValidationError::Invalid(_), Lang::Zh) => format!("{label}格式不正确。"),
            (ValidationError::Invalid(_), Lang::En) => format!("{label} is not valid."),
            (ValidationError::ControlCharacters(_), Lang::Zh) => {
                format!("{label}含有无法显示的字符。")
            }
            (ValidationError::ControlCharacters(_), Lang::En) => {
                format!("{label} contains characters that cannot be shown.")
            }
            (ValidationError::Taken(_), Lang::Zh) => format!("这个{label}已经登记过了。"),
            (ValidationError::Taken(_), Lang::En) => format!("This {label} is already registered."),
            (ValidationError::EndNotAfterStart, Lang::Zh) => "结束时间必须晚于开始时间。".into(),
            (ValidationError::EndNotAfterStart, Lang::En) => {
                "The end time must be after the start time.".into()
            }
            (ValidationError::DurationOutOfRange, Lang::Zh) => {
                "每条服务记录的时长应在1分钟到24小时之间。".into()
            }
            (ValidationError::DurationOutOfRange, Lang::En) => {
                "A service record lasts between 1 minute and 24 hours.".into()
            }
            (ValidationError::EndDateBeforeStart, Lang::Zh) => "结束日期不能早于开始日期。".into(),
            (ValidationError::EndDateBeforeStart, Lang::En) => {
                "The end date cannot be before the start date.".into()
            }
            (ValidationError::NeedsPassword(_), Lang::Zh) => {
                format!("更换{label}需要联网并输入密码确认。")
            }
            (ValidationError::NeedsPassword(_), Lang::En) => {
                format!("Changing the {label} needs the network and your password.")
            }
            (ValidationError::Conflict, Lang::Zh) => {
                "提交的内容与已有数据冲突（编号重复或引用不存在），未保存。".into()
            }
            (ValidationError::Conflict, Lang::En) => {
                "This conflicts with stored data (an id already used, or a reference to nothing); nothing was saved."
                    .into()
            }
        }
    }
}

/// All that is wrong with a form at once, so the person fixes everything in one go.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{} invalid field(s)", .0.len())]
pub struct ValidationErrors(pub Vec<ValidationError>);

impl ValidationErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first problem with `field`, if any: what a form shows next to it.
    pub fn for_field(&self, field: Field) -> Option<&ValidationError> {
        self.0.iter().find(|e| e.field() == field)
    }

    /// Keeps the value if it parsed, or records why not.
    pub fn take<T>(&mut self, result: Result<T, ValidationError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    /// `Ok(value)` when nothing was recorded.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, ValidationErrors> {
        if self.0.is_empty() {
            value().ok_or(self)
        } else {
            Err(self)
        }
    }
}

impl From<ValidationError> for ValidationErrors {
    fn from(e: ValidationError) -> Self {
        ValidationErrors(vec![e])
    }
}
