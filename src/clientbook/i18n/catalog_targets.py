"""Target relationship levels (domain §4) and the relationship marks as quick log and the minutes
set them (domain §5)."""

MESSAGES = {
    "target.key.raise": ("Raise", "调高"),
    "target.key.lower": ("Lower", "调低"),
    "target.key.filter": ("Below target", "低于目标"),
    "target.key.matrix": ("Target levels", "目标关系等级"),
    "target.title": ("Target relationship levels: the level a contact should reach",
                     "目标关系等级：关系人应达到的关系等级"),
    "target.legend": ("Rows: company grade · columns: position · * edited · space raise · b lower · r reset",
                      "行：客户等级 · 列：职务层级 · * 已修改 · 空格 调高 · b 调低 · r 恢复默认"),
    "contacts.filter_below_target": (" · below target", " · 低于目标"),
    "target.below": ("{level} · target {target} ({gap} to go)", "{level} · 目标 {target}（差 {gap} 级）"),
    "target.reached": ("{level} · target {target} reached", "{level} · 已达目标 {target}"),
    "target.today_row": ("{gap} to go · {level} → {target}", "差 {gap} 级 · {level} → {target}"),
    "today.section.below_target": ("Below target · A/B", "低于目标关系 · A/B 客户"),
    "log.marks": ("Relationship marks (optional)", "关系衡量（可不填）"),
    "marks.space": ("space", "空间"),
    "marks.info_quality": ("information", "信息"),
    "marks.coach": ("coach", "教练"),
    "marks.key.space": ("Space mark", "互动空间"),
    "marks.key.info_quality": ("Information mark", "信息质量"),
    "marks.key.coach": ("Coach mark", "教练层次"),
}
