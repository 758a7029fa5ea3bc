//! The volunteer service certificate (志愿服务记录证明): a numbered document, issued by a community
//! or the sub-district, stating who the volunteer is and the verified service they gave. What it
//! says is fixed when it is issued, so a reprint reads the same and the number can be checked.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Lang, Minutes};

/// One verified service on the certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertifiedService {
    pub date: NaiveDate,
    pub category: String,
    pub content: String,
    pub minutes: Minutes,
}

/// The certificate as issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub id: String,
    /// 爱心银行证字〔2026〕第0007号
    pub number: String,
    pub name: String,
    pub gender: String,
    pub birth_year: Option<i32>,
    pub political_status: String,
    /// The identity card number as it was on file when issued, whole; masked by
    /// [`Certificate::masked`] for everyone but staff of the issuing community.
    #[serde(default)]
    pub id_card: Option<String>,
    pub community: String,
    pub joined_on: String,
    /// Verified lines not taken back by a reversal, oldest first.
    pub services: Vec<CertifiedService>,
    /// Their total, and the total verified time after reversals (the passbook's figure).
    pub minutes: Minutes,
    pub issuer: String,
    pub issued_by: String,
    pub issued_on: NaiveDate,
}

/// A certificate as its volunteer's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateSummary {
    pub id: String,
    pub number: String,
    pub issuer: String,
    pub issued_on: NaiveDate,
    pub minutes: Minutes,
}

impl From<&Certificate> for CertificateSummary {
    fn from(c: &Certificate) -> Self {
        CertificateSummary {
            id: c.id.clone(),
            number: c.number.clone(),
            issuer: c.issuer.clone(),
            issued_on: c.issued_on,
            minutes: c.minutes,
        }
    }
}

/// The certificate number of the `seq`-th certificate issued in `year`.
pub fn certificate_number(year: i32, seq: u32) -> String {
    format!("爱心银行证字〔{year}〕第{seq:04}号")
}

impl Certificate {
    pub fn services_total(&self) -> Minutes {
        self.services.iter().map(|s| s.minutes).sum()
    }

    /// The certificate with its identity card number masked (what the volunteer's phone and
    /// the admin are shown).
    pub fn masked(mut self) -> Self {
        self.id_card = self.id_card.as_deref().map(super::id_card::mask);
        self
    }

    pub fn title(lang: Lang) -> &'static str {
        lang.pick("志愿服务记录证明", "Certificate of volunteer service")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_per_year_and_padded() {
        assert_eq!(certificate_number(2026, 7), "爱心银行证字〔2026〕第0007号");
        assert_eq!(
            certificate_number(2027, 12345),
            "爱心银行证字〔2027〕第12345号"
        );
    }
}
