//! Why the ledger refused an action, with the sentence the person reads.

use serde::{Deserialize, Serialize};

use crate::domain::points::Points;
use crate::domain::{Lang, Minutes};

/// Why the ledger refused an action. Every variant has a sentence for the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum LedgerError {
    #[error("a volunteer cannot verify their own line")]
    OwnLine,
    #[error("the line belongs to another community")]
    OtherCommunity,
    #[error("only staff and the admin decide on lines")]
    NotStaff,
    #[error("the line was already decided")]
    AlreadyDecided,
    #[error("only a verified line can be reversed")]
    NotVerified,
    #[error("the line was already reversed")]
    AlreadyReversed,
    #[error("a reversal cannot be reversed")]
    ReversalOfReversal,
    #[error("balance {balance:?} is below {cost:?}")]
    InsufficientPoints { balance: Points, cost: Points },
    #[error("a redemption must cost at least 0.01 points")]
    NothingToRedeem,
    #[error("no such line")]
    UnknownLine,
    #[error("whoever entered a line does not verify it")]
    EnteredBySelf,
    #[error("opened the account or set its password in the last {days} days")]
    AccountCustody { days: i64 },
    #[error("overlaps a verified line {start}-{end} of the same day")]
    OverlapsVerified { start: String, end: String },
    #[error("the day already holds {verified:?} of verified service")]
    DayFull { verified: Minutes },
    #[error("staff do not approve their own redemption")]
    OwnRedemption,
    #[error("a large redemption needs a second person")]
    SecondApproverNeeded,
}

impl LedgerError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LedgerError::OwnLine => lang
                .pick(
                    "不能审核自己的服务记录。",
                    "You cannot verify your own service record.",
                )
                .into(),
            LedgerError::OtherCommunity => lang
                .pick(
                    "这条记录属于其他社区，您无权处理。",
                    "This record belongs to another community.",
                )
                .into(),
            LedgerError::NotStaff => lang
                .pick(
                    "只有社区工作人员和街道管理员可以审核。",
                    "Only community staff and the admin can decide on records.",
                )
                .into(),
            LedgerError::AlreadyDecided => lang
                .pick("这条记录已经审核过了。", "This record was already decided.")
                .into(),
            LedgerError::NotVerified => lang
                .pick(
                    "只有已核实的记录才能冲正。",
                    "Only a verified record can be reversed.",
                )
                .into(),
            LedgerError::AlreadyReversed => lang
                .pick(
                    "这条记录已经冲正过了。",
                    "This record was already reversed.",
                )
                .into(),
            LedgerError::ReversalOfReversal => lang
                .pick("冲正记录不能再冲正。", "A reversal cannot be reversed.")
                .into(),
            LedgerError::InsufficientPoints { balance, cost } => match lang {
                Lang::Zh => format!(
                    "积分余额不足：当前可用{}，需要{}。",
                    balance.text(),
                    cost.text()
                ),
                Lang::En => format!(
                    "Not enough points: {} available, {} needed.",
                    balance.text(),
                    cost.text()
                ),
            },
            LedgerError::NothingToRedeem => lang
                .pick(
                    "兑换积分必须大于0。",
                    "A redemption must cost more than 0 points.",
                )
                .into(),
            LedgerError::UnknownLine => lang.pick("找不到这条记录。", "No such record.").into(),
            LedgerError::EnteredBySelf => lang
                .pick(
                    "这条记录是您代为登记的，请由其他工作人员审核。",
                    "You entered this record; another staff member must verify it.",
                )
                .into(),
            LedgerError::AccountCustody { days } => match lang {
                Lang::Zh => format!(
                    "您在{days}天内为这位志愿者开户或设置过密码，不能审核其记录或兑换，请由其他工作人员或街道管理员处理。"
                ),
                Lang::En => format!(
                    "You opened this volunteer's account or set its password in the last {days} days: another staff member or the admin must check it."
                ),
            },
            LedgerError::OverlapsVerified { start, end } => match lang {
                Lang::Zh => format!(
                    "与这位志愿者当天已核实的记录（{start}–{end}）时间重叠，可能是重复登记，不能核实。"
                ),
                Lang::En => format!(
                    "Overlaps a verified record of the same day ({start}–{end}): probably logged twice."
                ),
            },
            LedgerError::DayFull { verified } => match lang {
                Lang::Zh => format!(
                    "这位志愿者当天已核实{}小时，再核实这条就超过一天24小时。",
                    verified.hours_text()
                ),
                Lang::En => format!(
                    "This volunteer already has {} h verified that day; this record would exceed 24 hours.",
                    verified.hours_text()
                ),
            },
            LedgerError::OwnRedemption => lang
                .pick(
                    "不能审批自己的积分兑换。",
                    "You cannot approve your own redemption.",
                )
                .into(),
            LedgerError::SecondApproverNeeded => lang
                .pick(
                    "大额兑换需要第二位工作人员或街道管理员批准，您已初审过。",
                    "A large redemption needs a second staff member or the admin; you already endorsed it.",
                )
                .into(),
        }
    }
}
