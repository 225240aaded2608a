"""Recommendations in words: the facts a run stored (codes and numbers, apps/recommendations/domain/
recommend.py, expanded by domain/facts.py) put into one sentence a planner can repeat, then the numbers with unit, year, source
and the glossary term each rests on. Rendered when a page or API answer is made, in the reader's language, so
rewording or translating needs no new run. Results stored before facts existed keep their stored text."""

import math

from .domain.recommend import INNOVATION_MODES, MODE_LABELS, PART_LABELS, UPGRADE_LABELS

# glossary: term → (Chinese, English) name and definition; /methodology/#term-<code> shows them
GLOSSARY = {
    "lq": (
        "区位商",
        "location quotient",
        "地区某产业占本地区总量的比重 ÷ 该产业占全国总量的比重；大于1表示专业化。",
        "the industry's share of the region's total divided by its share of the national total; above 1 "
        "means the region is specialised in it.",
    ),
    "share": (
        "全国占比",
        "share of the national total",
        "地区该产业的量占全国（所有参评地区）合计的百分比；平均每个地区为 100% ÷ 地区数。",
        "the region's amount of the industry as a percentage of the total of all regions of the run; the "
        "average region holds 100 % ÷ the number of regions.",
    ),
    "link": (
        "产业链关联",
        "supply-chain link",
        "按投入产出表中间使用：一个部门提供目标产业中间投入的比重，或购买目标产业中间产品的比重，至少 5% 才算关联。",
        "from the intermediate use of the input-output table: the share of the target industry's "
        "intermediate inputs a sector supplies, or of its intermediate sales a sector buys; 5 % or more "
        "counts as a link.",
    ),
    "density": (
        "关联密度",
        "relatedness density",
        "按共现邻近度加权，地区已具备（区位商≥1）的相关产业所占比重。",
        "the proximity-weighted share of the industries related to this one that the region already has (LQ ≥ 1).",
    ),
    "cog": (
        "复杂度前景增益",
        "complexity outlook gain",
        "进入该产业能为地区打开多少新的复杂产业机会（经济复杂度方法）。",
        "how much entering the industry would open the way to other complex industries (economic complexity method).",
    ),
    "pci": (
        "产业复杂度",
        "industry complexity (PCI)",
        "由地区×产业矩阵算出的产业复杂度，越高表示越少、越多样化的地区能做。",
        "the industry's complexity from the region × industry matrix; higher means fewer, more diversified "
        "regions have it.",
    ),
    "capability": (
        "能力匹配",
        "capability fit",
        "产业需求画像（各维度权重）作用于地区各维度得分的百分位，0–1。",
        "the industry's requirement profile (pillar weights) applied to the region's pillar percentiles, 0–1.",
    ),
    "percentile": (
        "百分位",
        "percentile",
        "在本次评分的全部地区中的位置，0为最低，1为最高。",
        "position among the run's regions, 0 the lowest and 1 the highest.",
    ),
}
PART_TERMS = {
    "specialisation": "lq",
    "size": "share",
    "relatedness": "density",
    "growth": "cog",
    "complexity": "pci",
    "capability": "capability",
}


def _zh(lang: str) -> bool:
    return not (lang or "").startswith("en")


def _pick(pair, lang):
    return pair[0] if _zh(lang) else pair[1]


def _n(value, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    value = float(value)
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.{digits}f}"


def _top(pct) -> int | None:
    """'top X %' for a percentile in the upper half, else None."""
    if pct is None or pct < 0.5:
        return None
    return max(1, math.ceil(100 * (1 - pct)))


def _join(names: list[str], lang: str) -> str:
    if not names:
        return ""
    if _zh(lang):
        return "、".join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _mid(name: str, lang: str) -> str:
    """An English name inside a sentence: 'Motor vehicles' → 'motor vehicles' (acronyms stay)."""
    if _zh(lang) or len(name) < 2 or not name[1].islower():
        return name
    return name[0].lower() + name[1:]


def _link_phrase(strength: dict, industry: str, lang: str, named: bool = True) -> str:
    """How a strength is linked: 'X supplies 12.0 % of its intermediate inputs' (without the name when
    `named` is false: the line already names it)."""
    pct = f"{100 * strength['strength']:.1f}"
    zh = _zh(lang)
    name = _mid(_pick((strength["name_zh"], strength["name_en"]), lang), lang) if named else ("" if zh else "it")
    if strength["link"] == "supplier":
        return f"{name}提供其中间投入的{pct}%" if zh else f"{name} supplies {pct} % of its intermediate inputs"
    if strength["link"] == "customer":
        return f"{name}采购其中间产品的{pct}%" if zh else f"{name} buys {pct} % of its intermediate sales"
    value = _n(strength["strength"])
    return (
        (f"{name}与其邻近度{value}" if zh else f"{name}: proximity {value}")
        if named
        else (f"邻近度{value}" if zh else f"proximity {value}")
    )


def _pillar_phrase(pillar: dict | None, lang: str) -> str:
    if not pillar:
        return ""
    name = _pick((pillar["name_zh"], pillar["name_en"]), lang)
    top = _top(pillar.get("percentile"))
    if top is not None:
        return f"{name}位列前{top}%" if _zh(lang) else f"its {name} is in the top {top} %"
    pct = _n(pillar.get("percentile"))
    return f"{name}百分位{pct}" if _zh(lang) else f"its {name} is at percentile {pct}"


def _lead_unranked(facts: dict, region: str, industry: str, other: str, lang: str) -> str:
    """Why a pick is listed, not ranked: no data on the pillars it needs, the same sectors as another, no
    sector of it in the table, or no table by industry at all."""
    zh = _zh(lang)
    unranked = facts.get("unranked") or {}
    matrix = facts.get("matrix") or {}
    reason = unranked.get("reason")
    if reason == "no_pillar_data":
        names = _join([_pick((p["name_zh"], p["name_en"]), lang) for p in unranked.get("pillars", [])], lang)
        return (
            f"{region}缺少{industry}所需的{names}数据，不作排序。"
            if zh
            else f"{region} has no data on {names}, which {industry} needs: not ranked."
        )
    if reason == "same_sectors":
        return (
            f"统计数据无法把{industry}与{other}分开（同属相同部门），只按后者排序。"
            if zh
            else f"The statistics do not separate {industry} from {other} (same sectors): only the latter is ranked."
        )
    if matrix:
        measure = _pick(matrix["measure"], lang)
        return (
            f"{matrix['year']}年分行业{measure}数据中没有{industry}所属部门，不作排序。"
            if zh
            else f"The {matrix['year']} {measure} data by industry have no sector of {industry}: not ranked."
        )
    return (
        f"本层级本年份没有分行业数据，{region}的{industry}不作排序。"
        if zh
        else f"No data by industry for this level and year: {industry} in {region} is not ranked."
    )


def _sector_phrase(sector: dict, lang: str) -> str:
    lq, share = sector.get("lq"), sector.get("share")
    return (
        f"区位商{_n(lq)}，占全国{_n(share, 1)}%"
        if _zh(lang)
        else f"LQ {_n(lq)}, {_n(share, 1)} % of the national total"
    )


def _lead_traditional(facts: dict, region: str, industry: str, lang: str) -> str:
    """A traditional industry: how large and specialised it is, and how to upgrade it (or why not)."""
    zh, mode, sector = _zh(lang), facts["mode"], facts.get("sector") or {}
    lq, share, avg = sector.get("lq"), sector.get("share"), sector.get("average_share")
    facts_sector = _sector_phrase(sector, lang)
    large = share is not None and avg is not None and share >= avg
    specialised = lq is not None and lq >= 1
    if mode == "no_base":
        return (
            f"{region}的{industry}既不专业化也不大（{facts_sector}），不列为改造重点。"
            if zh
            else f"{region}'s {industry} is neither specialised nor large ({facts_sector}): not a priority to upgrade."
        )
    paths = [_pick(UPGRADE_LABELS.get(p, (p, p)), lang) for p in facts.get("upgrade_paths", [])]
    how = (
        ("宜" + "、".join(paths) + "改造提升" if paths else "宜改造提升")
        if zh
        else ("upgrade it (" + ", ".join(paths) + ")" if paths else "upgrade it")
    )
    if mode == "consolidate":
        how = "宜巩固提升" if zh else "consolidate it"
    kinds = (
        ("规模大、专业化程度高", "large and specialised"),
        ("专业化程度高但规模不大", "specialised though small"),
        ("规模大但专业化程度不高", "large though not specialised"),
    )
    kind = _pick(kinds[0] if large and specialised else kinds[1] if specialised else kinds[2], lang)
    return (
        f"{region}的{industry}{kind}（{facts_sector}），{how}。"
        if zh
        else f"{region}'s {industry} is {kind} ({facts_sector}); {how}."
    )


def _lead_emerging(facts: dict, region: str, industry: str, lang: str) -> str:
    """An emerging industry: the base it has and the specialised sectors linked to it, or its capabilities."""
    zh, mode, sector = _zh(lang), facts["mode"], facts.get("sector") or {}
    strengths = facts.get("strengths") or []
    verb = _pick(("宜发展壮大", "scale it up") if mode == "scale" else ("宜培育", "cultivate it"), lang)
    if not strengths:
        pillar = _pillar_phrase(facts.get("pillar"), lang)
        if zh:
            return f"{region}尚无与{industry}有产业链关联的专业化部门，推荐主要依据能力匹配（{pillar}），{verb}。"
        return f"{region} has no specialised sector linked to {industry} by supply chains; the pick rests on its capabilities ({pillar}); {verb}."
    names = _join([_mid(_pick((s["name_zh"], s["name_en"]), lang), lang) for s in strengths[:2]], lang)
    link = _link_phrase(strengths[0], industry, lang)
    present, facts_sector = sector.get("present"), _sector_phrase(sector, lang)
    if zh:
        base = f"{region}的{industry}已有基础（{facts_sector}），" if present else f"{region}已有专业化的"
        tail = f"{names}与之有产业链关联（{link}）" if present else f"{names}，与{industry}有产业链关联（{link}）"
        return f"{base}{tail}，{verb}。"
    if present:
        return f"{region} already has a base in {industry} ({facts_sector}) and specialised {names} linked to it by supply chains ({link}); {verb}."
    return f"{region} already has specialised {names}, linked to {industry} by supply chains ({link}); {verb}."


def _lead_future(facts: dict, region: str, industry: str, lang: str) -> str:
    """A future direction: lead it, host pilots, or take part with the leading regions."""
    zh, mode = _zh(lang), facts["mode"]
    fit = facts.get("fit") or {}
    partners = _join([_pick((p["name_zh"], p["name_en"]), lang) for p in facts.get("partners", [])], lang)
    standing = f"第{fit.get('rank')}/{fit.get('of')}位" if zh else f"{fit.get('rank')} of {fit.get('of')}"
    if mode == "lead":
        top = _top(facts.get("science"))
        pillar = _pillar_phrase(facts.get("pillar"), lang)
        science = (
            (f"科教资源位列前{top}%" if zh else f"its science and education are in the top {top} %") if top else pillar
        )
        return (
            f"{region}{science}，与{industry}的能力匹配居前（{standing}），可引领布局。"
            if zh
            else f"{region} can lead in {industry}: {science} and its fit with it ranks {standing}."
        )
    if mode == "pilot":
        with_ = (f"，可与{partners}协同" if zh else f", with {partners}") if partners else ""
        return (
            f"{region}与{industry}的能力匹配较好（{_n(fit.get('value'))}，{standing}），可开展试点示范{with_}。"
            if zh
            else f"{region} fits {industry} well enough ({_n(fit.get('value'))}, ranking {standing}) to host pilots{with_}."
        )
    with_ = (
        (f"，宜与{partners}等引领地区协同参与" if zh else f"; take part with leading regions such as {partners}")
        if partners
        else ("，宜协同参与" if zh else "; take part with leading regions")
    )
    return (
        f"{region}与{industry}的能力匹配一般（{standing}）{with_}。"
        if zh
        else f"{region}'s fit with {industry} is moderate (ranking {standing}){with_}."
    )


def lead(facts: dict, *, region: str, industry: str, lang: str, other: str = "") -> str:
    """The one sentence that opens a recommendation."""
    if facts.get("v") != 2:
        return ""
    industry, other = _mid(industry, lang), _mid(other, lang)
    if facts["mode"] == "insufficient":
        return _lead_unranked(facts, region, industry, other, lang)
    if facts["category"] == "traditional":
        return _lead_traditional(facts, region, industry, lang)
    if facts["category"] == "emerging":
        return _lead_emerging(facts, region, industry, lang)
    return _lead_future(facts, region, industry, lang)


def _driver_line(d: dict, facts: dict, lang: str) -> dict:
    """One part of the score that drives the pick: its value with unit, year and source."""
    zh, part = _zh(lang), d["part"]
    if part == "indicator":
        standing = f"第{d['rank']}/{d['of']}位" if zh else f"rank {d['rank']} of {d['of']}"
        text = (
            f"{_n(d['raw'])} {d['unit']}（{d['year']}年，{standing}；{d['source']}）"
            if zh
            else f"{_n(d['raw'])} {d['unit']} ({d['year']}, {standing}; {d['source']})"
        )
        return {"term": "", "label": _pick((d["name_zh"], d["name_en"]), lang), "text": text}
    if part == "capability":
        phrase = _pillar_phrase(facts.get("pillar"), lang)
        text = (f"{_n(d['value'])}（{phrase}）" if zh else f"{_n(d['value'])} ({phrase})") if phrase else _n(d["value"])
    else:
        measure = _pick(d.get("measure", ["", ""]), lang)
        cite = f"{measure}，{d['year']}年，{d['source']}" if zh else f"{measure}, {d['year']}, {d['source']}"
        unit = " %" if d.get("unit") == "%" else ""
        pct = ""
        if part not in ("specialisation", "size"):
            pct = f"，百分位{_n(d['value'])}" if zh else f", percentile {_n(d['value'])}"
        text = f"{_n(d['raw'])}{unit}（{cite}{pct}）" if zh else f"{_n(d['raw'])}{unit} ({cite}{pct})"
    return {"term": PART_TERMS.get(part, ""), "label": _pick(PART_LABELS[part], lang), "text": text}


def _strengths_line(strengths: list[dict], lang: str) -> dict:
    zh = _zh(lang)
    items = [
        f"{_pick((s['name_zh'], s['name_en']), lang)}（区位商{_n(s['lq'])}；{_link_phrase(s, '', lang, named=False)}）"
        if zh
        else f"{_pick((s['name_zh'], s['name_en']), lang)} (LQ {_n(s['lq'])}; {_link_phrase(s, '', lang, named=False)})"
        for s in strengths
    ]
    source = strengths[0]["source"]
    text = ("；".join(items) + f"（{source}）") if zh else "; ".join(items) + f" ({source})"
    return {"term": "link", "label": "相关既有优势" if zh else "Related strengths", "text": text}


def details(facts: dict, *, lang: str) -> list[dict]:
    """The numbers behind the sentence: each {term, label, text}, `term` naming the glossary entry."""
    if facts.get("v") != 2:
        return []
    zh = _zh(lang)
    out = [_driver_line(d, facts, lang) for d in facts.get("drivers", [])]
    if facts.get("strengths"):
        out.append(_strengths_line(facts["strengths"], lang))
    if facts.get("gaps"):
        items = [f"{_pick((g['name_zh'], g['name_en']), lang)} {_n(g['percentile'])}" for g in facts["gaps"]]
        out.append(
            {
                "term": "percentile",
                "label": "短板（百分位）" if zh else "Gaps (percentile)",
                "text": "、".join(items) if zh else ", ".join(items),
            }
        )
    if facts.get("penalty"):
        penalty = _n(facts["penalty"])
        out.append(
            {
                "term": "",
                "label": "避免同质化" if zh else "Against sameness",
                "text": f"相邻地区已将其列为首选，优先度下调{penalty}"
                if zh
                else f"lowered by {penalty} because neighbours already chose it first",
            }
        )
    return out


def render(facts: dict, *, region: str, industry: str, lang: str, other: str = "") -> dict:
    """{lead, details, text}: the sentence, the numbers, and both as one plain text (the API's
    `explanation`). Old results without facts give their stored text."""
    if facts.get("v") != 2:
        text = facts.get("en" if not _zh(lang) else "zh", "")
        return {"lead": text, "details": [], "text": text}
    sentence = lead(facts, region=region, industry=industry, lang=lang, other=other)
    lines = details(facts, lang=lang)
    sep = "；" if _zh(lang) else "; "
    mode = facts.get("mode", "")
    innovation = INNOVATION_MODES.get(facts.get("innovation_mode", ""), "")
    text = (
        sentence
        + (" " if lines else "")
        + sep.join(f"{d['label']}：{d['text']}" if _zh(lang) else f"{d['label']}: {d['text']}" for d in lines)
    )
    return {
        "lead": sentence,
        "details": lines,
        "text": text.strip(),
        "mode": _pick(MODE_LABELS.get(mode, (mode, mode)), lang),
        "innovation": innovation,
    }
