"""The contact's fields, once: what each one holds, what the form calls it, which CSV headers and
vCard property carry it, and whether the duplicate check compares it.

Validation (domain/contacts.py), the merge and duplicate rules (domain/dedupe.py), CSV and
vCard import and export (domain/csv_import.py, domain/vcard.py), the JSON book's checks and the
store's copy between ContactInput and the contact row (store/interop.py) all read this table,
so a field added here is validated, exported and imported everywhere, and no import drops one.
The order is the contact form's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clientbook.domain.contact_card import (PHONE_KINDS, PLACE_KINDS, dump_addresses, dump_name, dump_typed,
                                            load_addresses, load_name, load_typed)
from clientbook.domain.text import MAX_EMAIL, MAX_NAME, MAX_TEXT, MAX_URL

# What kind of value a field holds (ContactInput's type in brackets).
TEXT = "text"               # one line of text [str]
LONG_TEXT = "long_text"     # a text area: notes [str]
LIST = "list"               # several words typed on one line: tags [list[str]]
TYPED = "typed"             # several values, each with a kind: phones, e-mails, web addresses [list[Typed]]
ADDRESSES = "addresses"     # postal addresses, one per line of a text area [list[Address]]
NAME_PARTS = "name_parts"   # the card's structured name, not on the form [PersonName | None]
PHOTO = "photo"             # the card's photo, not on the form, kept in its own table [Photo | None]
CARD_EXTRA = "card_extra"   # what clientbook does not model of an imported card, kept verbatim [str]
POSITION = "position"       # a Position, or none [Position | None]
LEVEL = "level"             # relationship level 0–6 [Level]
BIRTHDAY = "birthday"       # solar or lunar, typed freely, stored as Birthday.to_storage() [str]
NUMBER = "number"           # a whole number, or none [int | None]



@dataclass(frozen=True)
class ContactField:
    name: str                       # ContactInput's attribute; the Contact column unless `column` says
    kind: str                       # TEXT, LONG_TEXT, LIST, POSITION, LEVEL, BIRTHDAY, NUMBER
    label: str                      # message key of the form's label (field.*)
    placeholder: str = ""           # message key of the form's placeholder (ph.*), "" for none
    limit: int | None = None        # longest text accepted (TEXT, LONG_TEXT); None: its own check (wechat)
    csv_headers: tuple[str, ...] = ()   # CSV header names read as this field, as csv_import._norm leaves them
    #                                 (the header written is the message interop.field.<name>)
    vcard: str = ""                 # the vCard property it is written to and read from
    match: str = ""                 # the duplicate check's reason when it compares this field (dedupe.REASONS)
    combinable: bool = False        # a merge may keep both records' values (lists joined, texts one under the other)
    column: str = ""                # the Contact column when it is not `name` (company: company_id)
    profile: bool = False           # what the rep learns about the person: a fact from a meal is filed
    #                                 into one, note search reads them, the meal prep sheet shows them
    kinds: tuple[str, ...] = ()     # TYPED: the kinds a value may have (contact_card.PHONE_KINDS …)

    @property
    def in_form(self) -> bool:
        """Typed by the rep in the contact form; the others come from cards and are kept."""
        return self.kind not in (NAME_PARTS, PHOTO, CARD_EXTRA)


CONTACT_FIELDS: tuple[ContactField, ...] = (
    ContactField(
        "name", TEXT, "field.name", "ph.name", limit=MAX_NAME, vcard="FN", match="name_company",
        csv_headers=("姓名", "名字", "联系人", "联系人姓名", "客户姓名", "全名", "称呼", "name", "fullname",
                     "displayname", "contactname", "名称")),
    ContactField(
        "company", TEXT, "field.company", "ph.company", limit=MAX_NAME, vcard="ORG", match="name_company",
        column="company_id",
        csv_headers=("公司", "单位", "公司名称", "企业", "企业名称", "客户公司", "工作单位", "组织", "机构",
                     "company", "organization", "organisation", "organizationname", "companyname", "employer")),
    ContactField(
        "title", TEXT, "field.title", "ph.title", limit=MAX_TEXT, vcard="TITLE",
        csv_headers=("职务", "职位", "头衔", "岗位", "title", "jobtitle", "organizationtitle", "role")),
    ContactField(
        "address_as", TEXT, "field.address_as", "ph.address_as", limit=MAX_NAME, vcard="X-CLIENTBOOK-ADDRESS-AS",
        csv_headers=("尊称", "addressas", "salutation")),
    ContactField(
        "position", POSITION, "field.position", vcard="X-CLIENTBOOK-POSITION",
        csv_headers=("职务层级", "层级", "职级", "级别", "positiontier", "tier", "position")),
    ContactField(
        "level", LEVEL, "field.level", vcard="X-CLIENTBOOK-LEVEL",
        csv_headers=("关系", "关系等级", "关系程度", "亲密度", "level", "relationship", "relationshiplevel")),
    ContactField(
        "phones", TYPED, "field.phones", "ph.phones", vcard="TEL", match="phone", combinable=True, kinds=PHONE_KINDS,
        csv_headers=("手机", "手机号", "手机号码", "电话", "电话号码", "移动电话", "办公电话", "座机", "联系电话",
                     "联系方式", "mobile", "mobilephone", "phone", "phones", "telephone", "tel", "cell",
                     "cellphone", "businessphone", "homephone", "primaryphone", "companymainphone", "phonevalue",
                     "otherphone", "carphone", "workphone")),
    ContactField(
        "wechat", TEXT, "field.wechat", vcard="X-WECHAT", match="wechat",
        csv_headers=("微信", "微信号", "微信id", "wechat", "wechatid", "weixin", "wx")),
    ContactField(
        "emails", TYPED, "field.emails", limit=MAX_EMAIL, vcard="EMAIL", match="email", combinable=True,
        kinds=PLACE_KINDS,
        csv_headers=("邮箱", "电子邮件", "电子邮箱", "邮件", "邮箱地址", "email", "emailaddress", "mail",
                     "emailvalue", "emails")),
    ContactField(
        "birthday", BIRTHDAY, "field.birthday", "ph.birthday", vcard="BDAY",
        csv_headers=("生日", "出生日期", "公历生日", "阳历生日", "出生年月", "birthday", "dateofbirth", "dob",
                     "birthdate")),
    ContactField(
        "nickname", TEXT, "field.nickname", limit=MAX_NAME, vcard="NICKNAME",
        csv_headers=("昵称", "小名", "别名", "nickname", "nick")),
    ContactField(
        "addresses", ADDRESSES, "field.addresses", "ph.addresses", limit=MAX_URL, vcard="ADR", combinable=True,
        csv_headers=("地址", "联系地址", "办公地址", "公司地址", "通讯地址", "家庭地址", "address", "addresses",
                     "businessaddress", "homeaddress", "workaddress", "addressformatted", "street")),
    ContactField(
        "urls", TYPED, "field.urls", limit=MAX_URL, vcard="URL", combinable=True, kinds=PLACE_KINDS,
        csv_headers=("网址", "网站", "主页", "个人主页", "website", "webpage", "web", "url", "homepage",
                     "websitevalue", "personalwebpage", "businesswebpage")),
    ContactField(
        "cuisine", TEXT, "field.cuisine", "ph.cuisine", limit=MAX_TEXT, vcard="X-CLIENTBOOK-CUISINE",
        combinable=True, profile=True,
        csv_headers=("口味", "菜系", "喜欢的菜系", "cuisine", "favouritecuisine", "favoritecuisine")),
    ContactField(
        "drinks", TEXT, "field.drinks", "ph.drinks", limit=MAX_TEXT, vcard="X-CLIENTBOOK-DRINKS", combinable=True,
        profile=True,
        csv_headers=("酒水", "喝酒", "饮品", "drinks", "drink")),
    ContactField(
        "hobbies", TEXT, "field.hobbies", "ph.hobbies", limit=MAX_TEXT, vcard="X-CLIENTBOOK-HOBBIES",
        combinable=True, profile=True,
        csv_headers=("爱好", "兴趣", "兴趣爱好", "hobbies", "hobby", "interests")),
    ContactField(
        "taboos", TEXT, "field.taboos", "ph.taboos", limit=MAX_TEXT, vcard="X-CLIENTBOOK-TABOOS", combinable=True,
        profile=True,
        csv_headers=("忌口", "禁忌", "taboos", "taboo")),
    ContactField(
        "diet", TEXT, "field.diet", "ph.diet", limit=MAX_TEXT, vcard="X-CLIENTBOOK-DIET", combinable=True,
        profile=True,
        csv_headers=("饮食", "饮食习惯", "diet")),
    ContactField(
        "family", TEXT, "field.family", limit=MAX_TEXT, vcard="X-CLIENTBOOK-FAMILY", combinable=True,
        profile=True,
        csv_headers=("家庭", "家人", "家庭情况", "family")),
    ContactField(
        "tags", LIST, "field.tags", "ph.tags", vcard="CATEGORIES", combinable=True,
        csv_headers=("标签", "分组", "类别", "群组", "tags", "labels", "categories", "groupmembership", "group")),
    ContactField(
        "cadence_days", NUMBER, "field.cadence_days", "ph.cadence_days", vcard="X-CLIENTBOOK-CADENCE-DAYS",
        csv_headers=("联系间隔", "联系周期", "cadence", "cadencedays", "stayintouchevery", "stayintoucheverydays")),
    ContactField(
        "notes", LONG_TEXT, "field.notes", limit=MAX_TEXT, vcard="NOTE", combinable=True,
        profile=True,
        csv_headers=("备注", "说明", "附注", "备忘", "注释", "notes", "note", "remark", "remarks", "comments",
                     "comment", "memo")),
    # From cards, not typed in the form: kept and written back on export.
    ContactField("name_parts", NAME_PARTS, "field.name_parts", vcard="N"),
    ContactField("photo", PHOTO, "field.photo", vcard="PHOTO"),
    ContactField("card_extra", CARD_EXTRA, "field.card_extra", combinable=True),
)

FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in CONTACT_FIELDS)
# How the card's structured kinds are kept in one text column (JSON) and read back, as
# (dump, load): the store's row, the import's staging file and the JSON book all use this.
STORED_AS_JSON = {TYPED: (dump_typed, load_typed), ADDRESSES: (dump_addresses, load_addresses),
                  NAME_PARTS: (dump_name, load_name)}
JSON_FIELDS: tuple[ContactField, ...] = tuple(f for f in CONTACT_FIELDS if f.kind in STORED_AS_JSON)
FORM_FIELDS: tuple[ContactField, ...] = tuple(f for f in CONTACT_FIELDS if f.in_form)
BY_NAME: dict[str, ContactField] = {f.name: f for f in CONTACT_FIELDS}


def fields_of(*kinds: str) -> tuple[ContactField, ...]:
    return tuple(f for f in CONTACT_FIELDS if f.kind in kinds)


PROFILE_FIELDS: tuple[ContactField, ...] = tuple(f for f in CONTACT_FIELDS if f.profile)

# Words that tell which profile field a fact belongs in, tried in this order: the first field
# with a word in the fact wins ("儿子喜欢篮球" is about his family; "不喝酒" about drinks, as
# diet's words are about food; "不吃海鲜" is diet before cuisine).
FACT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("diet", ("不吃", "不能吃", "过敏", "忌口", "吃素", "素食", "清真", "痛风", "控糖", "血糖", "减肥", "戒",
              "allergic", "allergy", "vegetarian", "vegan", "halal", "gout", "doesn't eat", "does not eat", "no pork")),
    ("taboos", ("不谈", "别谈", "别提", "不提", "忌讳", "禁忌", "别问", "不要问", "避免", "敏感", "反感", "讨厌",
                "taboo", "avoid", "don't mention", "never mention", "hates")),
    ("family", ("儿子", "女儿", "太太", "老婆", "妻子", "爱人", "夫人", "老公", "丈夫", "孩子", "小孩", "孙",
                "父亲", "母亲", "父母", "爸爸", "妈妈", "老人", "家人", "家里", "岳父", "岳母",
                "son", "sons", "daughter", "daughters", "wife", "husband", "kid", "kids", "child", "children",
                "family", "parents", "father", "mother")),
    ("drinks", ("酒", "喝", "茅台", "五粮液", "啤", "茶", "咖啡", "drink", "wine", "beer", "baijiu", "whisky", "whiskey",
                "tea", "coffee")),
    ("cuisine", ("菜", "口味", "辣", "火锅", "海鲜", "吃", "餐", "cuisine", "food", "dish", "spicy", "restaurant")),
    ("hobbies", ("喜欢", "爱好", "爱", "迷", "球", "钓鱼", "跑步", "游泳", "旅游", "旅行", "摄影", "书法", "下棋",
                 "看书", "健身", "登山", "爬山", "hobby", "likes", "loves", "fan of", "plays", "golf", "fishing")),
)


def guess_field(fact: str) -> str:
    """The profile field a fact learned about a person most likely belongs in; notes when no
    word tells. An English word counts whole ("son" is not in "person"), a Chinese one anywhere."""
    text = (fact or "").lower()
    for name, words in FACT_WORDS:
        if any(re.search(rf"\b{re.escape(word)}\b", text) if word.isascii() else word in text for word in words):
            return name
    return "notes"
