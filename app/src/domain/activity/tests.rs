use super::*;

fn input() -> ActivityInput {
    ActivityInput {
        kind: "regular".into(),
        title: "重阳节敬老活动".into(),
        date: "2026-10-29".into(),
        start: "09:00".into(),
        end: "11:30".into(),
        place: "福康社区活动室".into(),
        category: "elderly".into(),
        content: "包饺子、陪老人聊天".into(),
        attendees: vec!["v1".into(), "v2".into(), "v1".into(), " ".into()],
        witness_name: "王秀英".into(),
        witness_phone: "13900002222".into(),
        repeat_until: String::new(),
    }
}

fn times(person: &str, arrived: &str, left: &str) -> AttendeeTimesInput {
    AttendeeTimesInput {
        person: person.into(),
        arrived: arrived.into(),
        left: left.into(),
    }
}

#[test]
fn an_activity_is_checked_like_a_service_line() {
    let a = Activity::parse(&input(), &["elderly"]).expect("valid");
    assert_eq!(a.minutes, Minutes(150));
    assert_eq!(a.attendees.len(), 2, "each attendee once");
    let mut bad = input();
    bad.end = "08:00".into();
    bad.title = String::new();
    bad.kind = "party".into();
    bad.category = "unknown".into();
    let errors = Activity::parse(&bad, &["elderly"]).expect_err("invalid");
    assert!(errors.0.contains(&ValidationError::EndNotAfterStart));
    assert!(errors.for_field(Field::Title).is_some());
    assert!(errors.for_field(Field::Kind).is_some());
    assert!(errors.for_field(Field::Category).is_some());
}

#[test]
fn each_attendee_gets_a_line_naming_the_activity() {
    let a = Activity::parse(&input(), &["elderly"]).expect("valid");
    let line = a.line(&ActivityId::new("act-1"), None).expect("line");
    assert_eq!(line.minutes, Minutes(150));
    assert_eq!(
        line.witness,
        Witness::Named {
            name: crate::domain::text::WitnessName::parse("王秀英").expect("name"),
            phone: crate::domain::text::Phone::parse_as(Field::WitnessPhone, "13900002222")
                .expect("phone"),
            signature: None,
        },
        "the activity's witness vouches for every attendee's line"
    );
    assert_eq!(line.beneficiary, Beneficiary::Activity("act-1".into()));
    assert_eq!(
        line.content.as_str(),
        "参加活动：重阳节敬老活动。包饺子、陪老人聊天"
    );
    assert_eq!(line.place.as_str(), "福康社区活动室");
}

#[test]
fn a_late_arrival_gets_their_own_minutes() {
    let a = Activity::parse(&input(), &["elderly"]).expect("valid");
    let kept = attendee_times(
        &[times("v2", "09:45", ""), times("v1", "", "")],
        &a.attendees,
        a.start,
        a.end,
    )
    .expect("valid times");
    assert_eq!(
        kept.len(),
        1,
        "the whole activity is no exception: {kept:?}"
    );
    assert_eq!(kept[0].minutes(), Minutes(105));
    let line = a
        .line(&ActivityId::new("act-1"), Some(&kept[0]))
        .expect("line");
    assert_eq!(line.minutes, Minutes(105));
    assert_eq!(line.start.format("%H:%M").to_string(), "09:45");
    assert_eq!(line.end.format("%H:%M").to_string(), "11:30");
}

#[test]
fn times_outside_the_activity_or_of_a_stranger_are_refused() {
    let a = Activity::parse(&input(), &["elderly"]).expect("valid");
    let check = |t: AttendeeTimesInput| attendee_times(&[t], &a.attendees, a.start, a.end);
    let outside = ValidationError::Invalid(Field::Attendance);
    assert_eq!(check(times("v1", "08:30", "")), Err(outside.clone()));
    assert_eq!(check(times("v1", "", "12:00")), Err(outside.clone()));
    assert_eq!(check(times("v1", "10:00", "10:00")), Err(outside.clone()));
    assert_eq!(check(times("v1", "10:30", "10:00")), Err(outside.clone()));
    assert_eq!(check(times("v1", "9点半", "")), Err(outside.clone()));
    assert_eq!(
        check(times("stranger", "10:00", "")),
        Err(ValidationError::Invalid(Field::Attendees))
    );
}

#[test]
fn a_witness_needs_a_name_and_a_phone() {
    let mut half = input();
    half.witness_phone = String::new();
    let errors = Activity::parse(&half, &["elderly"]).expect_err("half a witness");
    assert!(errors.for_field(Field::WitnessPhone).is_some());
    let mut none = input();
    none.witness_name = String::new();
    none.witness_phone = String::new();
    let a = Activity::parse(&none, &["elderly"]).expect("no witness is allowed");
    assert_eq!(a.witness, Witness::None);
}

#[test]
fn a_regular_activity_repeats_each_week_until_its_last_date() {
    let mut weekly = input();
    weekly.repeat_until = "2026-11-19".into();
    let a = Activity::parse(&weekly, &["elderly"]).expect("valid");
    let dates: Vec<String> = a.dates().iter().map(|d| d.to_string()).collect();
    assert_eq!(
        dates,
        ["2026-10-29", "2026-11-05", "2026-11-12", "2026-11-19"]
    );
    assert_eq!(
        Activity::parse(&input(), &["elderly"])
            .expect("once")
            .dates()
            .len(),
        1
    );

    let refused = ValidationError::Invalid(Field::RepeatUntil);
    for (kind, until) in [
        ("self_organised", "2026-11-19"),
        ("regular", "2026-10-29"),
        ("regular", "2026-10-01"),
        ("regular", "2027-12-01"),
        ("regular", "明年"),
    ] {
        let mut bad = input();
        bad.kind = kind.into();
        bad.repeat_until = until.into();
        let errors = Activity::parse(&bad, &["elderly"]).expect_err(until);
        assert_eq!(
            errors.for_field(Field::RepeatUntil),
            Some(&refused),
            "{kind} {until}"
        );
    }
}

#[test]
fn too_many_attendees_are_refused() {
    let many: Vec<String> = (0..=MAX_ATTENDEES).map(|i| format!("v{i}")).collect();
    assert!(attendee_ids(&many).is_err());
    assert_eq!(attendee_ids(&many[..3]).expect("three").len(), 3);
}
