use serde::{Deserialize, Serialize};

use super::Minutes;

/// What the home page shows of one community: the figures a sub-district reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunitySummary {
    /// For forms that name a community (the admin opening an account).
    #[serde(default)]
    pub id: String,
    pub name: String,
    pub volunteers: i64,
    /// Households helped, ever: by a verified service or a fulfilled wish (the statistics' one
    /// definition).
    pub households: i64,
    pub open_wishes: i64,
    pub verified: Minutes,
    /// Retired by the admin: kept for its history, offered for nothing new.
    #[serde(default)]
    pub retired: bool,
}

/// The sub-district at a glance. Totals are derived from the communities, never stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub sub_district: String,
    pub communities: Vec<CommunitySummary>,
}

impl Overview {
    pub fn total_volunteers(&self) -> i64 {
        self.communities.iter().map(|c| c.volunteers).sum()
    }
    pub fn total_households(&self) -> i64 {
        self.communities.iter().map(|c| c.households).sum()
    }
    pub fn total_open_wishes(&self) -> i64 {
        self.communities.iter().map(|c| c.open_wishes).sum()
    }
    pub fn total_verified(&self) -> Minutes {
        self.communities.iter().map(|c| c.verified).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn community(name: &str, volunteers: i64, minutes: i64) -> CommunitySummary {
        CommunitySummary {
            id: name.into(),
            name: name.into(),
            volunteers,
            households: 2,
            open_wishes: 1,
            verified: Minutes(minutes),
            retired: false,
        }
    }

    #[test]
    fn totals_are_the_sum_of_the_communities() {
        let o = Overview {
            sub_district: "伏龙坪街道".into(),
            communities: vec![community("甲", 3, 90), community("乙", 4, 30)],
        };
        assert_eq!(o.total_volunteers(), 7);
        assert_eq!(o.total_households(), 4);
        assert_eq!(o.total_open_wishes(), 2);
        assert_eq!(o.total_verified(), Minutes(120));
    }
}
