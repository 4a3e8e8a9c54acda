"""The rule extractor's templates, on invented sentences (never the seed articles): what
each genre pattern proposes, with its exact quote, and what it must not propose."""

from __future__ import annotations

from pathlib import Path

import pytest

from curation.propose import ArticleText, Lexicon, draft
from curation.propose.types import Extractor
from curation.propose.rules import RuleExtractor

HOSPITAL = "星河市第二人民医院"


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory) -> Lexicon:
    # An empty data folder: every entity of these sentences is new.
    d = tmp_path_factory.mktemp("data")
    (d / "facts").mkdir()
    (d / "articles").mkdir()
    return Lexicon.from_data_dir(d)


def run(lexicon: Lexicon, body: str, title: str = f"{HOSPITAL}新闻"):
    text = f"{HOSPITAL}简介\n{body}\n"
    d = draft(ArticleText("A900", text, title), lexicon)
    names = {e.id: e.name_zh for e in d.entities}
    facts = [(names.get(f.subject, f.subject), f.predicate, names.get(str(f.object), f.object), f.qualifiers, f)
             for f in d.facts]
    for *_, f in facts:
        assert text[f.start:f.end] == f.quote and "\n" not in f.quote
        assert 0 < f.confidence <= 1 and f.rule
    return d, facts


def find(facts, predicate, obj=None, subject=None):
    return [f for f in facts if f[1] == predicate and (obj is None or f[2] == obj)
            and (subject is None or f[0] == subject)]


def test_the_rule_extractor_is_an_extractor():
    assert isinstance(RuleExtractor(), Extractor)


def test_quoted_honour_with_conferrer_and_date(lexicon):
    _, facts = run(lexicon, "2023年5月，医院被星河市卫生健康委员会评为“星河市平安医院”。")
    [(s, _, o, q, f)] = find(facts, "awarded")
    assert (s, o) == (HOSPITAL, "星河市平安医院")
    assert q["date"] == "2023-05" and q["level"] == "municipal" and q["conferrer"].startswith("org-")
    assert "星河市平安医院" in f.quote


def test_honour_rank_is_a_qualifier_not_part_of_the_name(lexicon):
    _, facts = run(lexicon, "医院荣获全省护理技能竞赛一等奖。")
    [(_, _, o, q, _)] = find(facts, "awarded")
    assert o == "全省护理技能竞赛奖" and q["rank"] == "一等" and q["level"] == "provincial"


def test_a_unit_receives_the_honour_it_is_the_subject_of(lexicon):
    _, facts = run(lexicon, "医院青年志愿服务队被授予“优秀志愿服务集体”称号。")
    [(s, _, o, _, _)] = find(facts, "awarded")
    assert (s, o) == ("青年志愿服务队", "优秀志愿服务集体")


def test_becoming_a_base_is_a_designation_with_its_batch(lexicon):
    _, facts = run(lexicon, "医院成为首批国家级胸痛中心示范基地。")
    [(s, _, o, q, _)] = find(facts, "designatedAs")
    assert (s, o) == (HOSPITAL, "国家级胸痛中心示范基地") and q["level"] == "national" and q["note"] == "首批"


def test_units_named_before_a_key_specialty_are_designated_and_belong_to_the_hospital(lexicon):
    _, facts = run(lexicon, "医院临床科室齐全，心血管内科和呼吸内科是省级临床重点专科。")
    designated = {(s, o) for s, p, o, *_ in find(facts, "designatedAs")}
    assert designated == {("心血管内科", "省级临床重点专科"), ("呼吸内科", "省级临床重点专科")}
    assert {o for _, _, o, *_ in find(facts, "hasUnit", subject=HOSPITAL)} >= {"心血管内科", "呼吸内科"}


def test_certification_names_the_certifying_body(lexicon):
    _, facts = run(lexicon, "其中卒中中心通过中国卒中学会认证。")
    [(s, _, o, q, _)] = find(facts, "designatedAs")
    assert (s, o) == ("卒中中心", "中国卒中学会认证") and q["conferrer"].startswith("org-")


def test_positions_with_person_and_party_committee(lexicon):
    _, facts = run(lexicon, "医院党委书记周明远、院长吴海峰出席会议。")
    roles = {(s, o, q["role"]) for s, _, o, q, _ in find(facts, "holdsPosition")}
    assert roles == {("周明远", f"{HOSPITAL}党委", "党委书记"), ("吴海峰", HOSPITAL, "院长")}


def test_a_chain_of_positions_before_one_name(lexicon):
    _, facts = run(lexicon, "心血管内科主任、内科党支部书记郑远航介绍。")
    roles = {(s, o, q["role"]) for s, _, o, q, _ in find(facts, "holdsPosition")}
    assert roles == {("郑远航", "心血管内科", "主任"), ("郑远航", "内科党支部", "党支部书记")}


def test_units_listed_after_a_verb(lexicon):
    _, facts = run(lexicon, "医院下设急诊科、儿科和康复医学科等临床科室。")
    assert {o for _, _, o, *_ in find(facts, "hasUnit", subject=HOSPITAL)} == {"急诊科", "儿科", "康复医学科"}


def test_partnership_kind_from_the_agreement(lexicon):
    _, facts = run(lexicon, "2022年，医院与云岭大学第一医院、海湾市中心医院签订技术合作协议。")
    found = {(o, q["kind"], q.get("year")) for _, _, o, q, _ in find(facts, "partnersWith")}
    assert found == {("云岭大学第一医院", "technical_cooperation", 2022), ("海湾市中心医院", "technical_cooperation", 2022)}


def test_membership_role_in_an_alliance(lexicon):
    _, facts = run(lexicon, "医院是星河区域胸痛专科联盟成员单位。")
    [(s, _, o, q, _)] = find(facts, "memberOf")
    assert (s, o, q["role"]) == (HOSPITAL, "星河区域胸痛专科联盟", "成员单位")


def test_branch_count_change_is_a_figure_of_the_committee(lexicon):
    _, facts = run(lexicon, "医院党委优化组织设置，党支部由5个增加到8个。")
    [(s, _, v, q, _)] = find(facts, "figure")
    assert (s, v, q["metric"], q["unit"]) == (f"{HOSPITAL}党委", 8, "party_branch_count", "个")


def test_amounts_with_ten_thousands_and_percentages(lexicon):
    _, facts = run(lexicon, "全年门诊量达45.6万人次，患者满意率98.5%。")
    values = {(v, q["metric"], q["unit"]) for _, _, v, q, _ in find(facts, "figure")}
    assert (456000, "annual_outpatient_visits", "人次") in values and (98.5, "patient_satisfaction_rate", "%") in values


def test_founding_and_opening_dates_are_milestones_with_their_dates(lexicon):
    _, facts = run(lexicon, "医院始建于1958年。2021年10月，新院区正式启用。")
    kinds = {(q["kind"], q.get("year") or q.get("date")) for *_, q, _ in find(facts, "milestone")}
    assert ("founded", 1958) in kinds and ("opened", "2021-10") in kinds


def test_relative_times_never_become_years(lexicon):
    _, facts = run(lexicon, "今年，医院荣获“全国文明单位”称号。")
    [(_, _, _, q, _)] = find(facts, "awarded")
    assert "year" not in q and "date" not in q


def test_no_recognition_without_a_recognition_head(lexicon):
    _, facts = run(lexicon, "医院获得患者好评，成为群众信赖的地方。")
    assert not find(facts, "awarded") and not find(facts, "designatedAs")


def test_a_known_entity_is_linked_by_its_abbreviation(tmp_path):
    (tmp_path / "facts").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "facts" / "shared.yaml").write_text(
        "entities:\n  - id: hosp-xinghe-second\n    type: Hospital\n    name_zh: 星河市第二人民医院\n"
        "    names:\n      - {text: 星河二院, lang: zh, kind: short}\n", encoding="utf-8")
    lex = Lexicon.from_data_dir(tmp_path)
    d = draft(ArticleText("A900", "星河二院荣获“全国文明单位”称号。\n", "星河二院新闻"), lex)
    main = next(e for e in d.entities if e.type == "Hospital")
    assert main.id == "hosp-xinghe-second" and main.linked and "星河二院" in main.via
    assert any(f.subject == "hosp-xinghe-second" and f.predicate == "awarded" for f in d.facts)


# The national hospital grade is vocabulary of the genre, not a name an article chose.
GENRE_TERMS = {"三级甲等"}


def test_templates_hold_no_seed_article_names():
    """Drafts are measured on unseen articles: no seed entity's name is in a template."""
    import curation.propose.templates as T
    from loaders.factfile import discover, read

    source = Path(T.__file__).read_text(encoding="utf-8")
    data = Path(__file__).resolve().parent.parent / "data"
    names = {str(e.raw.get("name_zh")) for p in discover(data) for e in read(p).entities
             if e.type in ("Hospital", "Person", "Honour", "Programme", "Alliance") and e.raw.get("name_zh")}
    assert names and not [n for n in names - GENRE_TERMS if n in source]


# --- Mistakes seen on articles from outside the seed set, each on an invented sentence -------

def test_a_hospital_word_inside_a_quoted_title_is_not_the_articles_hospital(lexicon):
    d = draft(ArticleText("A901", "近日，二附院荣获“全国改善服务示范医院”称号。\n", "二附院荣获“全国改善服务示范医院”"),
              lexicon)
    hospitals = [e.name_zh for e in d.entities if e.type == "Hospital"]
    assert "全国改善服务示范医院" not in hospitals and "二附院" in hospitals


def test_a_sector_phrase_is_not_a_hospital(lexicon):
    d = draft(ArticleText("A902", "我国医院管理行业年会在星河召开，星河市中心医院院长赵明远出席。\n", "年会召开"), lexicon)
    assert "我国医院" not in {e.name_zh for e in d.entities}


def test_a_recognition_verb_after_a_title_is_not_a_persons_name(lexicon):
    _, facts = run(lexicon, "星河市中心医院院长荣获“优秀管理者”称号。")
    assert not [f for f in facts if f[1] == "holdsPosition" and f[0] == "荣获"]


def test_an_honour_a_named_person_receives_goes_to_the_person_not_the_hospital(lexicon):
    _, facts = run(lexicon, "医院科教科科长王晓燕荣获“全省科研工作先进个人”，院长赵明远教授荣获“全市优秀院长”。")
    assert find(facts, "awarded", "全省科研工作先进个人", subject="王晓燕")
    assert find(facts, "awarded", "全市优秀院长", subject="赵明远")
    assert not find(facts, "awarded", subject=HOSPITAL)


def test_a_personal_honour_with_no_person_named_is_not_given_to_a_hospital(lexicon):
    _, facts = run(lexicon, "星河市第三医院院长荣获“全省先进工作者”。")
    assert not find(facts, "awarded", "全省先进工作者")


def test_another_hospitals_university_affiliation_is_not_the_articles(lexicon):
    _, facts = run(lexicon, "获奖者中有星河大学附属东湖医院院长赵明远。")
    assert not find(facts, "affiliatedWith", subject=HOSPITAL)


def test_counts_of_an_event_or_its_list_are_not_the_hospitals_figures(lexicon):
    _, facts = run(lexicon, "本次活动获奖者共120名，其中全省8人。医院全年完成手术3000余台。")
    assert [f[2] for f in find(facts, "figure")] == [3000]


def test_the_last_recognition_verb_starts_the_honours_name(lexicon):
    _, facts = run(lexicon, "医院成为全市荣获“2021年度全省平安医院”的三家医院之一。")
    assert {f[2] for f in find(facts, "awarded")} == {"全省平安医院"}


def test_that_centre_is_the_centre_named_last(lexicon):
    _, facts = run(lexicon, "医院卒中中心建成于2019年。该中心先后通过了全国卒中中心认证。")
    assert find(facts, "designatedAs", "全国卒中中心认证", subject="卒中中心")


def test_one_hospital_with_and_without_its_province_is_one_entity(lexicon):
    d, _ = run(lexicon, "江南省星河市妇幼保健院荣获“全国巾帼文明岗”称号。星河市妇幼保健院党委荣获“先进基层党组织”称号。",
               title="星河市妇幼保健院获表彰")
    assert [e.name_zh for e in d.entities if e.type == "Hospital"] == ["星河市妇幼保健院"]


def test_a_count_of_branches_or_a_quoted_title_names_no_branch(lexicon):
    _, facts = run(lexicon, "医院先后有5个基层党支部被授予星河市“先锋型党支部”称号。")
    assert not find(facts, "hasPartyBranch")


def test_a_phrase_opened_by_a_preposition_is_not_a_designations_name(lexicon):
    _, facts = run(lexicon, "认证授牌是对星河市第二人民医院卒中中心综合能力的肯定。")
    assert not find(facts, "designatedAs")


# --- what is not a designation (invented sentences of the kinds that misled the drafts) ------

@pytest.mark.parametrize("body", [
    # a clause ending in 中心 (以…为中心), and a unit named after the hospital (在原…中心)
    f"{HOSPITAL}将始终坚持以人民健康为中心，服务群众。",
    f"{HOSPITAL}在原骨科中心基础上组建了新的团队。",
    # categories counted in an inventory are figures, not named designations
    "医院现拥有省级特色专科2个、市级重点学科5个。",
    "2021年举办省、市级继教项目7项。",
    "获6项星河省自然科学基金项目资助。",
    # a counterpart (与…), and a first of its kind (a distinction, not a designation)
    "医院与星河省危重孕产妇救治中心开展合作。",
    "该中心是星河省首家专业的老年健康管理中心。",
    # 作为 is not 为: "X作" is no subject
    "医院骨科作为星河市重点建设学科，发展迅速。",
    # what was approved is not named before 获批
    "医院还成功获批。",
])
def test_what_is_not_a_designation_of_the_hospital(lexicon, body):
    _, facts = run(lexicon, body)
    wrong = [(s, o, f.rule) for s, _, o, _, f in find(facts, "designatedAs") if s == HOSPITAL or s.endswith("作")]
    assert wrong == []


def test_a_batch_is_a_note_not_part_of_a_levelled_name(lexicon):
    _, facts = run(lexicon, "医院是星河市首批危重新生儿救治中心。")
    names = [o for _, _, o, _, _ in find(facts, "designatedAs")]
    assert names and all("首批" not in o for o in names)


def test_a_unit_as_a_designation_drops_a_year_before_its_name(lexicon):
    _, facts = run(lexicon, "医院作为国家住院医师规范化培训基地，2025年度儿科招收学员20名。")
    assert all(not s.startswith("2025") for s, *_ in find(facts, "designatedAs"))


def test_a_hospital_abbreviated_in_the_title_is_named_in_full_from_the_text(lexicon):
    d = draft(ArticleText("A903", "市一医院与东湖县人民医院签约\n2月3日，星河市第一人民医院党委书记赵明远率队赴东湖县人民医院签约。\n",
                          "市一医院与东湖县人民医院签约"), lexicon)
    hospitals = [e.name_zh for e in d.entities if e.type == "Hospital"]
    committees = [e.name_zh for e in d.entities if e.type == "PartyCommittee"]
    assert "星河市第一人民医院" in hospitals and "市一医院" not in hospitals
    assert committees.count("星河市第一人民医院党委") == 1 and len(set(committees)) == len(committees)
