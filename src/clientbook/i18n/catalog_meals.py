"""Messages of meals with clients (domain §9; domain/meals/)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- vocabulary
    "meals.purpose.business": ("Business aim", "业务目的"),
    "meals.purpose.relationship": ("Deepen the relationship", "加深关系"),
    "meals.phase.kickoff": ("Project kickoff", "项目启动"),
    "meals.phase.milestone": ("Mid-project milestone", "项目里程碑"),
    "meals.phase.near_close": ("Near the close", "临近成交"),
    "meals.phase.problem": ("A problem to talk through", "遇到问题需沟通"),
    "meals.channel.phone": ("Phone", "电话"),
    "meals.channel.email": ("Email", "邮件"),
    "meals.channel.wechat": ("WeChat", "微信"),
    "meals.channel.in_person": ("Face to face", "当面邀请"),
    "meals.invite.to_invite": ("To invite", "待邀请"),
    "meals.invite.invited": ("Invited", "已邀请"),
    "meals.invite.accepted": ("Accepted", "已接受"),
    "meals.invite.declined": ("Declined", "已婉拒"),
    "meals.venue.upscale": ("Upscale", "高档"),
    "meals.venue.mid_range": ("Mid-range", "中档"),
    "meals.venue.casual": ("Casual", "大众"),
    "meals.side.guest": ("Guest", "客方"),
    "meals.side.ours": ("Ours", "我方"),
    "meals.role.me": ("Me", "我"),
    "meals.role.boss": ("My boss", "我的领导"),
    "meals.role.colleague": ("Colleague", "同事"),
    "meals.severity.info": ("Note", "提示"),
    "meals.severity.warning": ("Warning", "注意"),
    # --- seating notes
    "meals.seat.note.boss_hosts": (
        "Our boss hosts (seat 0); the chief guest sits at his right.",
        "我方领导坐主位（0号），主宾坐其右手。",
    ),
    "meals.seat.note.boss_hosts_rep": (
        "Our boss hosts (seat 0); the chief guest sits at his right, the rep at the serving seat.",
        "我方领导坐主位（0号），主宾坐其右手，我坐上菜位。",
    ),
    "meals.seat.note.rep_hosts": (
        "You host (seat 0); the guest of honour sits at your right, the second guest at your left.",
        "你坐主位（0号）；主宾坐你右手，副宾坐你左手。",
    ),
    "meals.seat.note.no_host": (
        "No one from our side: the first guest takes the host's seat.",
        "没有我方人员：由第一位客人坐主位。",
    ),
    "meals.seat.note.no_guest_of_honour": (
        "No guest of honour marked: the most senior guest sits at the host's right.",
        "未标注主宾：职位最高的客人坐主位右手。",
    ),
    "meals.seat.note.serving_moved": (
        "The serving seat moved next to the seat opposite the host, so that a companion can sit beside their guest.",
        "为了让陪同人员坐在客人旁边，上菜位挪到了主位对面的邻座。",
    ),
    "meals.seat.note.colleague_serving": (
        "Our most junior colleague sits at the serving seat, where dishes come in.",
        "我方职位最低的同事坐上菜位（上菜处）。",
    ),
    "meals.seat.note.no_serving_seat": (
        "Only the host is from our side: no guest takes the serving seat; dishes come in between guests at the foot of the table.",
        "我方只有主人一人：不让客人坐上菜位，菜从桌尾两位客人之间上。",
    ),
    "meals.seat.note.guest_serving": (
        "A guest sits at the serving seat, where dishes come in.",
        "有客人坐在上菜位（上菜处）。",
    ),
    "meals.seat.note.honour_elsewhere": (
        "The guest of honour is not at the host's right (seat 1).",
        "主宾没有坐在主人右手（1号）。",
    ),
    "meals.seat.note.companion_apart": (
        "Not every spouse or assistant could sit beside their guest: check the seats.",
        "部分配偶或助理没能坐在客人旁边，请检查座位。",
    ),
    "meals.render.legend": (
        "0 = host's seat (主位), facing the door; seat numbers run from the host's right.",
        "0号为主位，面向门口；座位号从主人右手边起依次排列。",
    ),
    "meals.render.legend_serving": (
        "0 = host's seat (主位), facing the door; seat numbers run from the host's right; "
        "{serving} = serving seat (上菜位).",
        "0号为主位，面向门口；座位号从主人右手边起依次排列；{serving}号为上菜位。",
    ),
    # --- dishes
    "meals.dish.poultry": ("Poultry", "禽类"),
    "meals.dish.meat": ("Meat", "肉类"),
    "meals.dish.seafood": ("Seafood", "海鲜"),
    "meals.dish.vegetables": ("Vegetables", "蔬菜"),
    "meals.dish.tofu": ("Tofu", "豆制品"),
    "meals.dish.bamboo": ("Bamboo shoots", "笋类"),
    "meals.dish.mushrooms": ("Mushrooms", "菌菇"),
    "meals.dish.seaweed": ("Seaweed", "海藻"),
    "meals.dish.reason.two": (
        "Two diners: {total:plural:dish:dishes} (or a buffet).",
        "两人用餐：{total}道菜（或吃自助）。",
    ),
    "meals.dish.reason.two_upscale": (
        "Two diners at an upscale place: {total:plural:dish:dishes}: a cold dish, meat, a vegetable and the signature dish.",
        "两人在高档餐厅：{total}道菜：凉菜、荤菜、素菜各一，外加招牌菜。",
    ),
    "meals.dish.reason.n_plus_one": (
        "{diners:plural:diner:diners}: N+1 = {total:plural:dish:dishes}.",
        "{diners}人用餐：N+1 = {total}道菜。",
    ),
    "meals.dish.reason.cold": (
        "{count} of them cold starters (at least two if any).",
        "其中凉菜{count}道（要点就至少两道）。",
    ),
    "meals.dish.reason.spread": (
        "More than five diners: spread across categories: poultry, meat, seafood, vegetables, "
        "tofu, bamboo shoots, mushrooms, seaweed.",
        "五人以上：品类要丰富：禽、肉、海鲜、蔬菜、豆制品、笋、菌菇、海藻。",
    ),
    "meals.dish.reason.mix": (
        "Mix meat and vegetables; no category twice.",
        "荤素搭配，品类不重复。",
    ),
    "meals.dish.reason.signature": ("Order the house signature dish.", "点一道店里的招牌菜。"),
    "meals.dish.reason.soup": ("Guangdong: add a small soup.", "在广东：加一份例汤。"),
    "meals.dish.reason.rice": (
        "Rice is the staple: choose dishes that go with rice.",
        "主食是米饭：多点下饭菜。",
    ),
    "meals.dish.reason.alcohol": ("Little alcohol.", "少喝酒。"),
    "meals.dish.reason.pieces": (
        "Mind the colours; avoid dishes counted by the piece.",
        "注意菜的颜色搭配；避免按只/个计数的菜。",
    ),
    "meals.dish.reason.hotpot": (
        "Hotpot for {diners}: about two plates a head ({total}), half meat, half vegetables; "
        "no cold starters, no N+1, no dishes to go with rice.",
        "{diners}人吃火锅：每人约两盘（共{total}盘），荤素各半；不必按N+1点菜，也不点凉菜和下饭菜。",
    ),
    "meals.dish.reason.grill": (
        "Grill for {diners}: about two plates a head ({total}), meat balanced with vegetables; "
        "no cold starters, no N+1, no dishes to go with rice.",
        "{diners}人吃烧烤：每人约两盘（共{total}盘），荤素搭配；不必按N+1点菜，也不点凉菜和下饭菜。",
    ),
    "meals.dish.reason.buffet": (
        "A buffet: everyone chooses; nothing to order for the table.",
        "自助餐：各取所需，不用替大家点菜。",
    ),
    "meals.dish.reason.western": (
        "Western: everyone orders their own course; recommend the house signature.",
        "西餐：各点各的，可推荐店里的招牌菜。",
    ),
    "meals.dish.reason.rules_out": (
        "No {dishes} for this table: {names} ({restriction}).",
        "这桌不点{dishes}：{names}（{restriction}）。",
    ),
    "meals.dish.reason.meatless": (
        "{names} ({restriction}): at least {count} without meat (vegetables, tofu, mushrooms).",
        "{names}（{restriction}）：至少{count}道素菜（蔬菜、豆制品、菌菇）。",
    ),
    "meals.dish.reason.mind": (
        "Mind {names}: {restriction} (no {why}).",
        "照顾{names}：{restriction}（{why}）。",
    ),
    "meals.dish.reason.split_pot": (
        "A split pot (鸳鸯锅) with a clear broth for {names} ({restriction}).",
        "点鸳鸯锅，清汤一边照顾{names}（{restriction}）。",
    ),
    # --- plan checks
    "meals.clash.spicy": ("spicy food", "辣味"),
    "meals.clash.seafood": ("seafood", "海鲜"),
    "meals.clash.meat": ("meat", "荤菜"),
    "meals.clash.pork": ("pork", "猪肉"),
    "meals.clash.beef": ("beef", "牛肉"),
    "meals.clash.lamb": ("lamb", "羊肉"),
    "meals.clash.alcohol": ("alcohol", "饮酒"),
    "meals.check.cuisine_clash": (
        '{name} noted "{restriction}" ({why}), but the plan is {cuisine} ({conflict}).',
        "{name}：“{restriction}”（{why_zh}），但计划的是{cuisine}（{conflict}）。",
    ),
    "meals.check.halal": (
        "{name} eats halal, but {cuisine} is not marked halal (清真).",
        "{name}需要清真饮食，但{cuisine}未注明清真。",
    ),
    "meals.check.odd_hour": (
        "{time} is outside the usual hours (lunch 11:30–13:30, dinner 17:30–21:00).",
        "{time}不在常规用餐时间（午餐11:30–13:30，晚餐17:30–21:00）。",
    ),
    "meals.check.weekend": (
        "A weekend is the client's family time: better kept for relationship meals.",
        "周末是客户的家庭时间，更适合以加深关系为目的的饭局。",
    ),
    "meals.check.in_past": ("The date {date} has already passed.", "日期{date}已经过去了。"),
    "meals.check.budget_lavish": (
        "¥{per_head} a head is lavish for a grade {grade} client ({purpose}: ¥{low}–{high}): "
        "it may make the client think you need him, and ask for more.",
        "人均¥{per_head}，对{grade}级客户偏高（{purpose_zh}：¥{low}–{high}）："
        "会让客户觉得你有求于他，进而要得更多。",
    ),
    "meals.check.budget_low": (
        "¥{per_head} a head is low for a grade {grade} client ({purpose}: ¥{low}–{high}): "
        "it may look as if you do not value him.",
        "人均¥{per_head}，对{grade}级客户偏低（{purpose_zh}：¥{low}–{high}）：会显得不够重视。",
    ),
    "meals.check.no_guest_of_honour": (
        "No guest of honour marked: mark one so the seating and the toasts are right.",
        "未标注主宾：请标注一位，座次和敬酒才不会出错。",
    ),
    "meals.check.many_guests_of_honour": (
        "Several guests of honour ({names}): only one can sit at the host's right.",
        "标注了多位主宾（{names}）：主位右手只能坐一位。",
    ),
    "meals.check.learn_mind": (
        "To learn {name}'s mind, invite his trusted assistant rather than {name} himself.",
        "想了解{name}的想法，应邀请他信任的助手，而不是{name}本人。",
    ),
    "meals.check.deadline": (
        "The meal is {days} day(s) from the deadline {deadline}: the client will be swamped.",
        "饭局距离关键节点{deadline}只有{days}天：客户正忙，不宜约饭。",
    ),
    "meals.check.private_room": (
        "A sensitive talk: book a private room.",
        "要谈敏感话题：请订包间。",
    ),
    # --- topics
    "meals.topic.philosophy": ("Philosophy of life", "人生观"),
    "meals.topic.personal_history": ("Personal history", "个人经历"),
    "meals.topic.family": ("Family", "家庭"),
    "meals.topic.social_issues": ("Social issues", "社会问题"),
    "meals.topic.politics": ("Politics", "政治"),
    "meals.topic.religion": ("Religion", "宗教"),
    "meals.topic.traffic": ("Traffic", "交通"),
    "meals.topic.weather": ("Weather", "天气"),
    "meals.topic.films": ("Films and TV", "影视"),
    "meals.topic.industry": ("The industry", "行业动态"),
    # --- minutes
    "meals.minutes.title": ("Meal minutes", "约饭纪要"),
    "meals.minutes.title_with": ("Meal minutes: {title}", "约饭纪要：{title}"),
    "meals.minutes.field": ("{label}: {value}", "{label}：{value}"),
    "meals.minutes.sep": (", ", "、"),
    "meals.minutes.when": ("When", "时间"),
    "meals.minutes.venue": ("Where", "地点"),
    "meals.minutes.ours": ("Our side", "我方"),
    "meals.minutes.theirs": ("Their side", "对方"),
    "meals.minutes.cost": ("Cost", "费用"),
    "meals.minutes.discussed": ("Discussed", "讨论内容"),
    "meals.minutes.agreements": ("Agreed", "达成共识"),
    "meals.minutes.actions": ("Actions", "行动项"),
    "meals.minutes.our_promises": ("Our promises", "我方承诺"),
    "meals.minutes.their_actions": ("Their side will", "对方待办"),
    "meals.minutes.item_who_due": ("{who}: {what} (by {due})", "{who}：{what}（{due}前）"),
    "meals.minutes.item_due": ("{what} (by {due})", "{what}（{due}前）"),
    "meals.minutes.item_who": ("{who}: {what}", "{who}：{what}"),
    "meals.minutes.learned": ("Learned", "了解到的信息"),
    "meals.minutes.learned_item": ("{person}: {fact}", "{person}：{fact}"),
    "meals.minutes.next_step": ("Next step", "下一步"),
    # --- typed lines in the minutes form
    "meals.action.no_owner": (
        'Start "{line}" with us: or them: (e.g. "us: send quote fri")',
        "“{line}”请以“我方：”或“对方：”开头（例如“我方：发报价单 周五”）",
    ),
    "meals.action.no_date": (
        'No date at the end of "{line}": add one, e.g. "us: send quote fri"',
        "“{line}”末尾没有日期：请加上，例如“我方：发报价单 周五”",
    ),
    "meals.action.too_long": (
        '"{line}" is too long: one action item is at most {limit} characters',
        "“{line}”太长：每条待办最多 {limit} 个字",
    ),
    "meals.action.no_text": (
        '"{line}" says who and when but not what',
        "“{line}”只写了谁和日期，没写做什么",
    ),
    "meals.learned.no_person": (
        'Write "{line}" as name: what you learned (e.g. "张伟: daughter takes the gaokao next year")',
        "请把“{line}”写成“姓名：了解到的信息”（例如“张伟：女儿明年高考”）",
    ),
    "meals.learned.no_fact": (
        '"{line}" names a person but not what you learned',
        "“{line}”只有姓名，没有了解到的信息",
    ),
}
