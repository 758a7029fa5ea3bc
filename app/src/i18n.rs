//! The interface's words in both languages. An exhaustive `match` rather than message files: the
//! compiler refuses a key that lacks a translation, the strings cost nothing at runtime, and the
//! domain's own messages (plain Rust, no Leptos) use the same `Lang`.

use crate::domain::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    AppName,
    Motto,
    NavHome,
    NavVolunteer,
    NavWall,
    NavKiosk,
    NavOffice,
    Online,
    Offline,
    SwitchLanguage,
    SubDistrictOverview,
    Communities,
    Volunteers,
    Households,
    OpenWishes,
    VerifiedHours,
    Community,
    Total,
    Loading,
    HowItWorks,
    StepGive,
    StepGiveBody,
    StepAccumulate,
    StepAccumulateBody,
    StepReturn,
    StepReturnBody,
    NotFound,
    BackHome,
    PageNotKept,
    PageNotKeptHint,
    TryAgain,
    OfflineReady,
    OfflinePreparing,
    OfflineIncomplete,
}

impl Text {
    pub fn get(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Text::AppName => ("爱心银行", "Love Bank"),
            Text::Motto => ("今天我帮你，明天他帮我", "Today I help you, tomorrow someone helps me"),
            Text::NavHome => ("首页", "Home"),
            Text::NavVolunteer => ("志愿者", "Volunteers"),
            Text::NavWall => ("微心愿墙", "Wish wall"),
            Text::NavKiosk => ("心愿屏", "Kiosk"),
            Text::NavOffice => ("工作台", "Office"),
            Text::Online => ("在线", "Online"),
            Text::Offline => ("离线", "Offline"),
            Text::SwitchLanguage => ("English", "中文"),
            Text::SubDistrictOverview => ("街道概况", "The sub-district at a glance"),
            Text::Communities => ("社区", "Communities"),
            Text::Volunteers => ("志愿者", "Volunteers"),
            Text::Households => ("帮扶家庭", "Households helped"),
            Text::OpenWishes => ("待认领心愿", "Open wishes"),
            Text::VerifiedHours => ("已核实服务时长（小时）", "Verified service (hours)"),
            Text::Community => ("社区", "Community"),
            Text::Total => ("合计", "Total"),
            Text::Loading => ("正在加载…", "Loading…"),
            Text::HowItWorks => ("付出、积累、回报", "Give, accumulate, get back"),
            Text::StepGive => ("付出", "Give"),
            Text::StepGiveBody => (
                "开户领取爱心存折，每次服务记下时间、地点、内容、时长和见证人。",
                "Open an account, get a love passbook, and record every service: time, place, content, duration and witness.",
            ),
            Text::StepAccumulate => ("积累", "Accumulate"),
            Text::StepAccumulateBody => (
                "社区核实后，服务时长累计入账，按规则折算为爱心积分。",
                "Once the community verifies it, the time adds up in the passbook and turns into points.",
            ),
            Text::StepReturn => ("回报", "Get back"),
            Text::StepReturnBody => (
                "积分可兑换，需要时也能得到其他志愿者的帮助。",
                "Points can be redeemed, and when you need help, another volunteer gives it.",
            ),
            Text::NotFound => ("找不到这个页面。", "This page does not exist."),
            Text::BackHome => ("返回首页", "Back to the home page"),
            Text::PageNotKept => (
                "这个页面还没有保存到本机，现在又连不上网络。",
                "This page is not saved on this device yet, and there is no network.",
            ),
            Text::PageNotKeptHint => (
                "已打开的页面照常可用。联网后点“重试”；打开过一次之后，离线也能使用。",
                "The pages already open still work. Tap “Try again” once online; after that it also opens offline.",
            ),
            Text::TryAgain => ("重试", "Try again"),
            // Short: the sync bar must stay one line on a 390 px phone.
            Text::OfflineReady => ("本机可离线使用", "Works offline"),
            Text::OfflinePreparing => ("正在保存离线页面…", "Saving for offline…"),
            Text::OfflineIncomplete => (
                "部分页面未存到本机，联网后补齐",
                "Some pages not saved; will be once online",
            ),
        };
        lang.pick(zh, en)
    }
}
