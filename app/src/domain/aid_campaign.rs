//! A campaign of aid (慰问活动) added up from its gifts: the households it reached, what each
//! partner gave and the totals by kind, counting only the gifts that stand; and the list of
//! campaigns with their figures.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::aid::{AidLine, Fen, Gift};
use super::export::{headers, Cell, Table};
use super::ids::HouseholdId;

/// Goods by what they are, with how many, in name order.
pub type GoodsCounts = BTreeMap<String, u64>;

fn add_gift(money: &mut Fen, goods: &mut GoodsCounts, gift: &Gift) {
    match gift {
        Gift::Money(fen) => money.0 += fen.0,
        Gift::Goods { what, count } => *goods.entry(what.clone()).or_default() += u64::from(*count),
    }
}

/// "大米 × 20、食用油 × 10".
pub fn goods_text(goods: &GoodsCounts) -> String {
    goods
        .iter()
        .map(|(what, n)| format!("{what} × {n}"))
        .collect::<Vec<_>>()
        .join("、")
}

/// What one household received in a campaign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignHousehold {
    pub household: HouseholdId,
    pub head: String,
    pub address: String,
    pub community_name: String,
    pub money: Fen,
    pub goods: GoodsCounts,
    pub last_on: NaiveDate,
}

/// What one partner (or the community itself, `partner: None`) gave in a campaign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerTotal {
    pub partner: Option<String>,
    pub households: u32,
    pub money: Fen,
    pub goods: GoodsCounts,
}

/// A campaign's page: the households it reached and what was given, by partner and by kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignReport {
    pub campaign: String,
    pub households: Vec<CampaignHousehold>,
    pub by_partner: Vec<PartnerTotal>,
    pub money: Fen,
    pub goods: GoodsCounts,
    pub first_on: Option<NaiveDate>,
    pub last_on: Option<NaiveDate>,
}

impl CampaignReport {
    /// Adds up the gifts of `campaign` that stand among `lines`; households by head's name,
    /// partners by what they gave (money first), the community's own last.
    pub fn from_lines(campaign: &str, lines: &[AidLine]) -> Self {
        let mut households: BTreeMap<&HouseholdId, CampaignHousehold> = BTreeMap::new();
        let mut partners: BTreeMap<Option<&String>, (PartnerTotal, Vec<&HouseholdId>)> =
            BTreeMap::new();
        let (mut money, mut goods) = (Fen(0), GoodsCounts::new());
        let (mut first_on, mut last_on) = (None::<NaiveDate>, None::<NaiveDate>);
        for line in lines
            .iter()
            .filter(|l| l.campaign == campaign && l.stands())
        {
            add_gift(&mut money, &mut goods, &line.gift);
            first_on = Some(first_on.map_or(line.on, |d| d.min(line.on)));
            last_on = Some(last_on.map_or(line.on, |d| d.max(line.on)));
            let h = households
                .entry(&line.household)
                .or_insert_with(|| CampaignHousehold {
                    household: line.household.clone(),
                    head: line.head.clone(),
                    address: line.address.clone(),
                    community_name: line.community_name.clone(),
                    money: Fen(0),
                    goods: GoodsCounts::new(),
                    last_on: line.on,
                });
            add_gift(&mut h.money, &mut h.goods, &line.gift);
            h.last_on = h.last_on.max(line.on);
            let (p, reached) = partners.entry(line.partner.as_ref()).or_insert_with(|| {
                (
                    PartnerTotal {
                        partner: line.partner.clone(),
                        households: 0,
                        money: Fen(0),
                        goods: GoodsCounts::new(),
                    },
                    Vec::new(),
                )
            });
            add_gift(&mut p.money, &mut p.goods, &line.gift);
            if !reached.contains(&&line.household) {
                reached.push(&line.household);
            }
        }
        let mut households: Vec<CampaignHousehold> = households.into_values().collect();
        households.sort_by(|a, b| a.head.cmp(&b.head).then(a.household.cmp(&b.household)));
        let mut by_partner: Vec<PartnerTotal> = partners
            .into_values()
            .map(|(mut p, reached)| {
                p.households = reached.len() as u32;
                p
            })
            .collect();
        by_partner.sort_by(|a, b| {
            a.partner
                .is_none()
                .cmp(&b.partner.is_none())
                .then(b.money.cmp(&a.money))
                .then(a.partner.cmp(&b.partner))
        });
        CampaignReport {
            campaign: campaign.to_string(),
            households,
            by_partner,
            money,
            goods,
            first_on,
            last_on,
        }
    }
}

/// One campaign in the list of campaigns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignSummary {
    pub campaign: String,
    pub households: u32,
    pub money: Fen,
    pub gifts: u32,
    pub last_on: NaiveDate,
}

/// The campaigns of `lines`, the most recent first, counting the gifts that stand (a campaign
/// whose every gift was reversed is still listed, with nothing in it).
pub fn campaigns(lines: &[AidLine]) -> Vec<CampaignSummary> {
    let mut by_name: BTreeMap<&str, (CampaignSummary, Vec<&HouseholdId>)> = BTreeMap::new();
    for line in lines.iter().filter(|l| l.reverses.is_none()) {
        let (c, reached) = by_name.entry(&line.campaign).or_insert_with(|| {
            (
                CampaignSummary {
                    campaign: line.campaign.clone(),
                    households: 0,
                    money: Fen(0),
                    gifts: 0,
                    last_on: line.on,
                },
                Vec::new(),
            )
        });
        c.last_on = c.last_on.max(line.on);
        if line.stands() {
            c.gifts += 1;
            if let Gift::Money(fen) = line.gift {
                c.money.0 += fen.0;
            }
            if !reached.contains(&&line.household) {
                reached.push(&line.household);
            }
        }
    }
    let mut list: Vec<CampaignSummary> = by_name
        .into_values()
        .map(|(mut c, reached)| {
            c.households = reached.len() as u32;
            c
        })
        .collect();
    list.sort_by(|a, b| b.last_on.cmp(&a.last_on).then(a.campaign.cmp(&b.campaign)));
    list
}

/// A campaign as one sheet: a row per household reached, then the total and each partner's.
pub fn campaign_table(report: &CampaignReport) -> Table {
    let row = |campaign: &str,
               who: &str,
               community: &str,
               address: &str,
               money: Fen,
               goods: &GoodsCounts,
               on: String| {
        vec![
            Cell::text(campaign),
            Cell::text(who),
            Cell::text(community),
            Cell::text(address),
            Cell::Number(money.yuan()),
            Cell::text(goods_text(goods)),
            Cell::text(on),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = report
        .households
        .iter()
        .map(|h| {
            row(
                &report.campaign,
                &h.head,
                &h.community_name,
                &h.address,
                h.money,
                &h.goods,
                h.last_on.to_string(),
            )
        })
        .collect();
    rows.push(row(
        &report.campaign,
        &format!("合计（{}户）", report.households.len()),
        "",
        "",
        report.money,
        &report.goods,
        String::new(),
    ));
    for p in &report.by_partner {
        let name = p.partner.as_deref().unwrap_or("社区自筹");
        rows.push(row(
            &report.campaign,
            &format!("{name}（{}户）", p.households),
            "",
            "",
            p.money,
            &p.goods,
            String::new(),
        ));
    }
    Table {
        name: "慰问名单".into(),
        headers: headers(&[
            "慰问活动",
            "户主",
            "社区",
            "住址",
            "慰问金（元）",
            "慰问物品",
            "日期",
        ]),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn day(d: &str) -> NaiveDate {
        d.parse().expect("date")
    }

    fn line(id: &str, household: &str, partner: Option<&str>, gift: Gift) -> AidLine {
        AidLine {
            id: id.into(),
            household: HouseholdId::new(household),
            head: format!("户主{household}"),
            address: String::new(),
            community_name: "福康社区".into(),
            on: day("2026-01-20"),
            campaign: "春节慰问".into(),
            partner: partner.map(str::to_string),
            gift,
            recorded_by: "张敏".into(),
            recorded_at: Utc::now(),
            reverses: None,
            reason: String::new(),
            reversed: false,
        }
    }

    #[test]
    fn a_campaign_counts_what_stands_by_household_partner_and_kind() {
        let rice = |n| Gift::Goods {
            what: "大米".into(),
            count: n,
        };
        let mut wrong = line("4", "c", Some("爱心超市"), Gift::Money(Fen(90_000)));
        wrong.reversed = true;
        let mut reversal = line("5", "c", Some("爱心超市"), Gift::Money(Fen(90_000)));
        reversal.reverses = Some("4".into());
        let lines = vec![
            line("1", "a", Some("爱心超市"), Gift::Money(Fen(50_000))),
            line("2", "a", Some("爱心超市"), rice(2)),
            line("3", "b", None, rice(1)),
            wrong,
            reversal,
            AidLine {
                campaign: "重阳节慰问".into(),
                ..line("6", "a", None, Gift::Money(Fen(10_000)))
            },
        ];
        let report = CampaignReport::from_lines("春节慰问", &lines);
        assert_eq!(report.households.len(), 2, "c's only gift was reversed");
        assert_eq!(report.money, Fen(50_000));
        assert_eq!(goods_text(&report.goods), "大米 × 3");
        assert_eq!(report.by_partner.len(), 2);
        assert_eq!(report.by_partner[0].partner.as_deref(), Some("爱心超市"));
        assert_eq!(report.by_partner[0].households, 1);
        assert_eq!(report.by_partner[1].partner, None);

        let list = campaigns(&lines);
        let spring = list
            .iter()
            .find(|c| c.campaign == "春节慰问")
            .expect("listed");
        assert_eq!(
            (spring.households, spring.gifts, spring.money),
            (2, 3, Fen(50_000))
        );
    }
}
