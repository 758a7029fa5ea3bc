use super::*;

const CATEGORIES: [&str; 2] = ["repair", "health"];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
}

fn input() -> RecordInput {
    RecordInput {
        date: "2026-11-27".into(),
        start: "09:00".into(),
        end: "10:30".into(),
        place: "福康社区 3号楼".into(),
        content: "修理电视机".into(),
        category: "repair".into(),
        beneficiary_kind: "household".into(),
        beneficiary: "0190a1b2-0000-7000-8000-000000000001".into(),
        witness_name: "马桂兰".into(),
        witness_phone: "13900001111".into(),
        witness_signature: "".into(),
    }
}

#[test]
fn a_good_record_gets_its_duration_computed() {
    let (entry, flags) = ServiceEntry::parse(&input(), &CATEGORIES, today()).expect("valid");
    assert_eq!(entry.minutes, Minutes(90));
    assert!(flags.is_empty());
    assert!(matches!(entry.beneficiary, Beneficiary::Household(_)));
}

#[test]
fn end_before_start_and_zero_length_are_refused() {
    for (start, end) in [("10:00", "09:59"), ("10:00", "10:00")] {
        let bad = RecordInput {
            start: start.into(),
            end: end.into(),
            ..input()
        };
        let errors = ServiceEntry::parse(&bad, &CATEGORIES, today()).expect_err("invalid");
        assert_eq!(errors.0, [ValidationError::EndNotAfterStart]);
    }
    let one = RecordInput {
        start: "10:00".into(),
        end: "10:01".into(),
        ..input()
    };
    assert_eq!(
        ServiceEntry::parse(&one, &CATEGORIES, today())
            .expect("1 min")
            .0
            .minutes,
        Minutes(1)
    );
    let day = RecordInput {
        start: "00:00".into(),
        end: "23:59".into(),
        ..input()
    };
    assert_eq!(
        ServiceEntry::parse(&day, &CATEGORIES, today())
            .expect("all day")
            .0
            .minutes,
        Minutes(1439)
    );
}

#[test]
fn odd_dates_are_flagged_not_refused() {
    let future = RecordInput {
        date: "2026-12-25".into(),
        ..input()
    };
    let (_, flags) = ServiceEntry::parse(&future, &CATEGORIES, today()).expect("accepted");
    assert_eq!(flags, [RecordFlag::FutureDate]);
    let tomorrow = RecordInput {
        date: "2026-11-29".into(),
        ..input()
    };
    assert!(
        ServiceEntry::parse(&tomorrow, &CATEGORIES, today())
            .expect("ok")
            .1
            .is_empty(),
        "a day ahead is a time zone, not a flag"
    );
    let old = RecordInput {
        date: "2024-01-02".into(),
        ..input()
    };
    assert_eq!(
        ServiceEntry::parse(&old, &CATEGORIES, today())
            .expect("accepted")
            .1,
        [RecordFlag::FarPast]
    );
    let typo = RecordInput {
        date: "1026-11-27".into(),
        ..input()
    };
    assert!(
        ServiceEntry::parse(&typo, &CATEGORIES, today()).is_err(),
        "year 1026 is a typo"
    );
}

#[test]
fn witness_is_both_or_neither() {
    let none = RecordInput {
        witness_name: "".into(),
        witness_phone: "".into(),
        ..input()
    };
    let (entry, flags) = ServiceEntry::parse(&none, &CATEGORIES, today()).expect("accepted");
    assert_eq!(entry.witness, Witness::None);
    assert_eq!(flags, [RecordFlag::NoWitness]);
    let half = RecordInput {
        witness_phone: "".into(),
        ..input()
    };
    let errors = ServiceEntry::parse(&half, &CATEGORIES, today()).expect_err("phone missing");
    assert_eq!(errors.0, [ValidationError::Required(Field::WitnessPhone)]);
    let bad = RecordInput {
        witness_phone: "12".into(),
        ..input()
    };
    let errors = ServiceEntry::parse(&bad, &CATEGORIES, today()).expect_err("bad phone");
    assert_eq!(errors.0, [ValidationError::Invalid(Field::WitnessPhone)]);
}

#[test]
fn a_witness_may_sign_on_the_spot() {
    let drawn = "10,10 20,15 30,12 40,20;50,50 60,55 70,50 80,60";
    let signed = RecordInput {
        witness_signature: drawn.into(),
        ..input()
    };
    let (entry, flags) = ServiceEntry::parse(&signed, &CATEGORIES, today()).expect("accepted");
    assert!(entry.witness.signed());
    assert!(flags.is_empty());
    // The entry carries the signature in its JSON, as the outbox and the server store it.
    let json = serde_json::to_string(&entry).expect("as written");
    assert!(json.contains(drawn), "{json}");
    let unsigned = ServiceEntry::parse(&input(), &CATEGORIES, today())
        .expect("as written")
        .0;
    assert!(!unsigned.witness.signed());
    assert!(!serde_json::to_string(&unsigned)
        .expect("as written")
        .contains("signature"));
    // Nobody named signs nothing; a dot is not a signature.
    let nobody = RecordInput {
        witness_name: "".into(),
        witness_phone: "".into(),
        ..signed.clone()
    };
    let errors = ServiceEntry::parse(&nobody, &CATEGORIES, today()).expect_err("no witness");
    assert_eq!(errors.0, [ValidationError::Required(Field::WitnessName)]);
    let dot = RecordInput {
        witness_signature: "10,10".into(),
        ..signed
    };
    let errors = ServiceEntry::parse(&dot, &CATEGORIES, today()).expect_err("a dot");
    assert_eq!(
        errors.0,
        [ValidationError::Invalid(Field::WitnessSignature)]
    );
}

#[test]
fn every_problem_is_reported_with_its_field() {
    let bad = RecordInput {
        date: "yesterday".into(),
        start: "9am".into(),
        end: "".into(),
        place: "".into(),
        content: "x".repeat(1001),
        category: "cooking".into(),
        beneficiary_kind: "household".into(),
        beneficiary: "<script>".into(),
        witness_name: "".into(),
        witness_phone: "".into(),
        witness_signature: "".into(),
    };
    let errors = ServiceEntry::parse(&bad, &CATEGORIES, today()).expect_err("invalid");
    for field in [
        Field::Date,
        Field::StartTime,
        Field::EndTime,
        Field::Place,
        Field::Content,
        Field::Category,
        Field::Beneficiary,
    ] {
        assert!(
            errors.for_field(field).is_some(),
            "{field:?} not reported: {errors:?}"
        );
    }
}

#[test]
fn flags_round_trip_their_codes() {
    for f in [
        RecordFlag::FutureDate,
        RecordFlag::FarPast,
        RecordFlag::NoWitness,
    ] {
        assert_eq!(RecordFlag::from_code(f.code()), Some(f));
    }
}
