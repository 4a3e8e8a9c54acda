"""The genre's vocabulary, as tables: verbs, heads, roles, suffixes, metrics.

These describe how Chinese hospital news states honours, designations, positions, units,
partnerships, figures and milestones. They hold no name and no number taken from the seed
articles: drafts are measured on articles nobody here has seen.
"""

from __future__ import annotations

import re

NAME_CH = r"[\u4e00-\u9fffA-Za-z0-9（）()·\-+/]"
CLAUSE_END = "，。；！？,;!?\n"

# --- honours and designations --------------------------------------------------------------
# A verb that confers a recognition, then (optionally) the conferrer before it with 被.
RECOGNITION_VERBS = ("获批成为", "被评为", "被授予", "被命名为", "被确定为", "被认定为", "被列为", "被纳入",
                     "荣获", "获评", "获得", "获批", "评为", "授予", "荣膺", "入选", "当选", "命名为",
                     "确定为", "认定为", "成为", "列为", "跻身", "纳入", "获")
# Verbs after which a quoted name with no recognisable head is still an honour (荣获“…”).
HONOUR_VERBS = ("荣获", "获评", "被评为", "评为", "被授予", "授予", "荣膺", "获得", "获", "当选", "入选", "被命名为", "命名为")
CONFERRER_VERBS = ("评为", "授予", "命名为", "确定为", "认定为", "列为", "纳入", "批准为", "遴选为")
# What a recognition's name ends with decides its kind. Checked in this order.
HONOUR_HEADS = ("先进单位", "先进集体", "文明单位", "模范单位", "先进个人", "先进工作者", "劳动模范",
                "称号", "奖项", "奖", "模范", "标兵", "能手", "品牌", "案例", "荣誉", "满意医院", "组织",
                "集体", "先锋", "护士", "医生", "名医", "人物", "学者", "工匠", "之星", "巾帼", "示范岗", "旗帜")
DESIGNATION_HEADS = ("建设单位", "培训单位", "托举单位", "示范单位", "实施机构", "基地", "中心", "单位", "机构",
                     "重点专科", "重点学科", "重点专业", "特色专科", "专科", "学科", "专业", "重点实验室",
                     "实验室", "项目", "资质", "平台", "试点", "示范区", "示范医院", "认证", "三级甲等")
# Words that turn a following number into a rank (一等奖 -> rank 一等).
RANK_RE = re.compile(r"([一二三四五六七八九十]+等|特等|金|银|铜)奖")
BATCH_RE = re.compile(r"(全国|全省|全市|全区)?(首批|第[一二三四五六七八九十0-9]+批)")
HOSPITAL_GRADE_RE = re.compile(r"三级甲等|三甲")
# What a designation's name never holds: words of a clause (将始终坚持以…为中心, 在原…中心),
# and a hospital's own name (X医院…中心 is one of its units, not a recognition).
NOT_A_RECOGNITION_RE = re.compile(r"[将在把向从使让]|以.+为|坚持|始终|继续|进一步|医院|保健院|卫生院")
# A category counted in an inventory (拥有市级重点学科4个, 举办市级继教项目5项): a figure, not a name.
COUNTED_AFTER_RE = re.compile(r"^[0-9一二三四五六七八九十两百]+[个项家所名支门]")
# Words before a name that make it a counterpart, not the subject's recognition (与…合作).
COUNTERPART_BEFORE = ("与", "同", "跟", "联合")
# "X是全省首家…中心" claims a first (a milestone's distinction), not a designation.
FIRST_OF_KIND_RE = re.compile(r"首家|首个|第一家|唯一")

# --- levels, from the start of a name -------------------------------------------------------
LEVELS = (
    (re.compile(r"^(国家|全国|中国|中华|国家级)"), "national"),
    (re.compile(r"^[\u4e00-\u9fff]{1,6}自治区"), "regional"),
    (re.compile(r"^([\u4e00-\u9fff]{1,6}省|省级|全省|省)"), "provincial"),
    (re.compile(r"^([\u4e00-\u9fff]{1,4}市直|市直|[\u4e00-\u9fff]{0,6}卫健系统|[\u4e00-\u9fff]{0,6}卫生健康系统)"), "sector"),
    (re.compile(r"^([\u4e00-\u9fff]{1,6}市|市级|全市|市)"), "municipal"),
    (re.compile(r"^([\u4e00-\u9fff]{1,6}[区县]|区级|县级)"), "district"),
)

# --- entity types, from the end of a name ---------------------------------------------------
TYPE_SUFFIXES = (
    ("PartyBranch", ("党支部",)),
    ("PartyCommittee", ("党委",)),
    ("Campus", ("院区",)),
    ("Laboratory", ("实验室",)),
    ("Team", ("服务队", "先锋队", "突击队", "志愿队", "团队", "小组")),
    ("Organisation", ("疾病预防控制中心", "疾控中心", "委员会", "卫健委", "卫生健康委", "协会", "学会", "分会",
                      "基金会", "大学", "学院", "研究所", "研究院", "文明办", "政府", "卫生健康局", "卫生局", "总局")),
    ("Hospital", ("医院", "附院", "保健院", "卫生院", "妇计中心", "保健所", "卫生服务中心")),
    ("Alliance", ("联盟", "医联体", "共同体", "专科联盟")),
    ("Centre", ("中心",)),
    ("Department", ("亚专科", "门急诊", "门诊", "病房", "病区", "专科", "科", "部")),
)
DEPARTMENT_KINDS = (("亚专科", "subspecialty"), ("门诊", "clinic"), ("门急诊", "clinic"))

# A hospital word after one of these is the sector, not a hospital's name (我国医院管理行业).
GENERIC_HOSPITAL_PREFIXES = ("我国", "全国", "全省", "全市", "我省", "我市", "本市", "各级", "各类", "各家", "公立",
                             "民营", "基层", "这家", "多家", "一家", "优秀", "示范", "综合性", "大型", "县级", "市级")

# Anaphors for the article's own hospital and its Party committee.
HOSPITAL_ANAPHORS = ("医院", "该院", "本院", "我院", "全院", "院")
COMMITTEE_ANAPHORS = ("医院党委", "院党委", "该院党委", "党委")

# Words that start a clause but never a name.
LEAD_STOP = ("其中", "分别", "以及", "这是", "这", "建设", "帮助", "同时", "目前", "现有", "先后", "相继", "正式", "成功", "已经", "设有", "成立",
             "开设", "组建", "设立", "建立", "建成", "下设", "拥有", "打造", "新建", "包括", "还有", "作为",
             "的", "了", "和", "与", "及", "在", "为", "是", "将", "对", "由", "把", "被", "并", "还", "也",
             "都", "均", "等", "又", "已", "共", "其", "有")
TRAIL_STOP = ("还", "也", "又", "均", "都", "先后", "相继", "连年", "多次", "再次", "分别", "已", "已经",
              "正式", "成功", "因此", "同时", "并", "曾", "今年", "近日", "日前", "顺利", "率先", "首次")

# --- positions ------------------------------------------------------------------------------
# Longest first; each says which kind of organisation holds the position.
ROLES = (
    ("党委副书记", "PartyCommittee"), ("党委书记", "PartyCommittee"), ("党委委员", "PartyCommittee"),
    ("纪委书记", "PartyCommittee"), ("党支部书记", "PartyBranch"), ("支部书记", "PartyBranch"),
    ("执行院长", "Hospital"), ("名誉院长", "Hospital"), ("副院长", "Hospital"), ("院长", "Hospital"),
    ("院长助理", "Hospital"), ("总会计师", "Hospital"), ("工会主席", "Hospital"),
    ("副主任", "Unit"), ("主任", "Unit"), ("护士长", "Unit"), ("副科长", "Unit"), ("科长", "Unit"),
    ("理事长", "Hospital"), ("书记", "Any"),
)
# Recognitions only a person receives: never proposed for a hospital, unit or committee.
PERSONAL_HONOUR_HEADS = ("先进个人", "先进工作者", "劳动模范", "院长", "医师", "医生", "护士", "名医", "专家", "人才",
                         "党员", "党务工作者", "工匠", "标兵", "能手", "之星")
# Positions whose title carries the organisation's kind: 骨科 + 党支部书记 -> 骨科党支部.
ROLE_EMBEDS = {"党支部书记": "党支部", "支部书记": "党支部", "党委书记": "党委", "党委副书记": "党委",
               "党委委员": "党委", "纪委书记": "党委"}
ROLE_EN = {"党委书记": "Party Secretary", "党委副书记": "Deputy Party Secretary",
           "党委委员": "Member of the Party Committee", "院长": "President", "副院长": "Vice President",
           "党支部书记": "Secretary", "主任": "Director", "副主任": "Deputy Director", "护士长": "Head Nurse",
           "执行院长": "Executive President", "科长": "Section Chief", "副科长": "Deputy Section Chief",
           "理事长": "Chairman of the Board", "纪委书记": "Secretary of the Discipline Committee"}
# A Chinese family name starts a person's name; the common ones (and two-character ones).
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
               "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱"
               "严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包"
               "宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤"
               "阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和"
               "仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "公孙", "司徒")
NAME_BREAK = set("表示说介绍指出强调带领率领讲在是的和与等为对将也都还就了着过到从向把被让给同及、，。；：！？“”（）() ")

# --- units ----------------------------------------------------------------------------------
UNIT_VERBS = ("下设", "设有", "开设", "设立", "成立", "组建", "新建", "建成", "建立了", "打造", "拥有", "新设立", "成立了")
UNIT_LIST_TAILS = ("学科", "科室", "专科", "临床科室", "医技科室", "特色门诊", "门诊", "亚专科", "中心", "病区")

# --- partnerships ---------------------------------------------------------------------------
PARTNER_VERBS = ("签订", "签署", "签约", "建立", "达成", "开展", "结成", "结对", "合作", "共建")
PARTNER_KINDS = (("联盟", "alliance_agreement"), ("对口支援", "paired_support"), ("帮扶", "paired_support"),
                 ("结对", "paired_support"), ("人才", "talent_cooperation"), ("科研", "research_cooperation"),
                 ("研究", "research_cooperation"), ("联合门诊", "joint_clinic"), ("技术", "technical_cooperation"),
                 ("合作", "technical_cooperation"))
MEMBER_ROLES = ("副理事长单位", "常务理事单位", "理事长单位", "理事单位", "副会长单位", "会长单位", "副主委单位",
                "主委单位", "委员单位", "牵头单位", "成员单位", "会员单位", "核心单位")

# --- figures ----------------------------------------------------------------------------------
# Label (what the number counts) -> metric. Checked in order; the first that occurs in the label wins.
METRICS = (
    ("党支部", "party_branch_count"), ("党员", "party_member_count"), ("床位", "beds"), ("床", "beds"),
    ("门诊量", "annual_outpatient_visits"), ("门急诊", "annual_outpatient_visits"), ("出院", "annual_discharges"),
    ("手术", "surgeries"), ("分娩", "deliveries"), ("活产", "live_births"), ("剖宫产率", "caesarean_section_rate"),
    ("满意", "patient_satisfaction_rate"), ("职工", "staff"), ("员工", "staff"), ("医护", "staff"),
    ("专家", "experts"), ("博士", "doctorate_holders"), ("硕士", "masters_holders"), ("高级职称", "senior_titles"),
    ("课题", "research_projects"), ("论文", "papers"), ("专利", "patents"), ("新技术", "new_technologies"),
    ("科室", "departments"), ("预约", "appointment_channels"), ("占比", "share"), ("率", "rate"),
)
FIGURE_UNITS = ("万人次", "人次", "台次", "台", "例", "张", "名", "人", "项", "个", "种", "篇", "家", "%", "万元", "元",
                "分钟", "天", "小时", "次", "所", "余项", "余个")

# A designation is named with its level in front (国家级…基地, 山东省…重点专科): a strong cue.
LEVEL_PREFIX = r"(?:国家级|省级|市级|区级|县级|全国|国家|中国|[\u4e00-\u9fff]{2,3}(?:省|自治区|市))"
# Verbs that put a named unit in place (设立/布局“…中心”) and words that make a name a brand.
UNIT_SETUP_VERBS = ("成立", "设立", "开设", "布局", "建成", "打造", "组建", "授牌", "揭牌", "启用", "首创", "新建")
BRAND_VERBS = ("打造", "构建", "推出", "创建", "创新", "开通", "树立", "培育")
BRAND_TAILS = ("党建品牌", "服务品牌", "品牌", "服务模式", "模式", "平台", "课堂", "生态", "医疗屋")
# Words that end like a unit but are none (…部, …科, …中心 in ordinary prose).
NOT_UNITS = ("支部", "党支部", "全部", "内部", "外部", "局部", "干部", "东部", "西部", "南部", "北部", "中部", "总部", "本部", "基层干部",
             "学科", "专科", "各科", "本科", "中心", "门诊", "各科室", "全科", "理科", "工科", "医学中心")
