"""Layout families for bench/layouts.py: how Vietnamese portals and newspapers print one article.

Each family renders a Story (a real article's title, date, byline and text) as
a scraped page would read, with its own seeded choices of breadcrumb, widgets,
date shape and byline form, and returns the page with what a reader sees as
its title, date and author.
"""

import dataclasses
import datetime

WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
SECTIONS = ("Thời sự", "Thế giới", "Kinh tế", "Xã hội", "Văn hóa", "Giáo dục", "Pháp luật", "Thể thao", "Sức khỏe")
AGENCIES = ("TTXVN", "Reuters", "AFP", "AP", "Getty Images", "Xinhua", "VnExpress", "Tư liệu")
CAPTIONS = (
    "Lực lượng chức năng có mặt tại hiện trường.",
    "Quang cảnh buổi làm việc.",
    "Người dân theo dõi tin tức tại trung tâm thành phố.",
    "Một góc khu vực xảy ra sự việc hôm qua.",
    "Các đại biểu tham dự hội nghị.",
)
WIDGETS = (
    "Chia sẻ: Facebook Zalo", "Số lượt xem: {views}", "In bài viết", "Ý kiến bạn đọc", "Gửi bình luận",
    "Bình luận (0)", "Lưu bài", "Gửi email", "Lên đầu trang", "Đánh giá bài viết", "Theo dõi chúng tôi trên Google News",
    "Chia sẻ", "Facebook", "Zalo", "Lượt xem: {views}", "In trang", "Xem thêm",
)
FOOTERS = ("Tin liên quan", "Tin cùng chuyên mục", "Các tin khác", "Tin mới nhất", "Bài viết liên quan", "Đọc thêm")


@dataclasses.dataclass(frozen=True)
class Story:
    """One real article: where it came from, its title, date, byline name and credit, and text."""

    path: str
    title: str
    date: datetime.datetime
    name: str
    credit: str
    content: str


@dataclasses.dataclass(frozen=True)
class Expected:
    """What a reader of the rendered page takes as its title, date and author."""

    title: str
    date: datetime.datetime
    author: str


@dataclasses.dataclass(frozen=True)
class Family:
    """A layout family: a name and a function rendering ``(story, paragraphs, rng, others) -> lines, date, author``."""

    name: str
    layout: object

    def render(self, story, paragraphs, rng, others):
        """Return ``(page text, Expected)`` for one story in this layout."""
        lines, date, author = self.layout(story, paragraphs, rng, others)
        return "\n".join(lines), Expected(story.title, date, author)


def dateline(when, rng, shapes=None):
    """Return ``(printed date, the datetime it gives)`` in one of the shapes the date module reads."""
    day, weekday = when, WEEKDAYS[when.weekday()]
    hour12 = (when.hour - 1) % 12 + 1
    half = "CH" if when.hour >= 12 else "SA"
    midnight = datetime.datetime(when.year, when.month, when.day)
    printed = {
        "weekday": (f"{weekday}, {day:%d/%m/%Y}, {day:%H:%M} (GMT+7)", when),
        "iso": (f"{day:%Y-%m-%d %H:%M}", when),
        "iso-t": (f"{day:%Y-%m-%dT%H:%M:%S}+07:00", when),
        "dash": (f"{day:%d/%m/%Y} - {day:%H:%M}", when),
        "time-first": (f"{day:%H:%M} {day:%d/%m/%Y}", when),
        "time-h": (f"{day.hour:02d}h{day:%M} ngày {day.day}/{day.month}/{day.year}", when),
        "words": (f"{weekday}, ngày {day.day} tháng {day.month} năm {day.year}", midnight),
        "words-time": (f"ngày {day.day} tháng {day.month}, năm {day.year} lúc {day:%H:%M}", when),
        "half-day": (f"{day:%d-%m-%Y} {hour12:02d}:{day:%M} {half}", when),
        "dots": (f"{day:%d.%m.%Y} | {day:%H:%M}", when),
        "date-only": (f"{day.day}/{day.month}/{day.year}", midnight),
    }
    shape = rng.choice(shapes or sorted(printed))
    return printed[shape]


def caps(name):
    """Return a name as printed in capitals."""
    return name.upper()


def with_captions(paragraphs, rng):
    """Return the paragraphs with a photo caption between two of them now and then."""
    out = []
    for index, paragraph in enumerate(paragraphs):
        out.append(paragraph)
        if 0 < index < len(paragraphs) - 1 and rng.random() < 0.3:
            out.append(rng.choice([f"{rng.choice(CAPTIONS)} Ảnh: {rng.choice(AGENCIES)}",
                                   f"{rng.choice(CAPTIONS)} (Ảnh: {rng.choice(AGENCIES)})",
                                   f"Ảnh: {rng.choice(AGENCIES)}"]))
    return out


def widgets(rng, low=1, high=4):
    """Return a few footer widget lines, as portals print them after the byline."""
    chosen = rng.sample(WIDGETS, rng.randint(low, high))
    return [widget.format(views=rng.randint(12, 98765)) for widget in chosen]


def related(rng, others, count=3):
    """Return a footer heading followed by headlines of other articles."""
    return [rng.choice(FOOTERS), *[other.title for other in rng.sample(others, count)]]


def breadcrumb(rng):
    """Return a breadcrumb line in one of the usual separators."""
    separator = rng.choice((" » ", " / ", " > ", " › "))
    return separator.join(["Trang chủ", "Tin tức", rng.choice(SECTIONS)])


def label_above(story, paragraphs, rng, others):
    """Breadcrumb, headline, "Tác giả: ..." above the dateline, then text and share widgets."""
    date, when = dateline(story.date, rng)
    label = rng.choice(("Tác giả: ", "Tác giả ", "Người viết: ", "Author: "))
    head = [breadcrumb(rng), story.title, label + story.name, rng.choice(("", "Ngày đăng: ", "Cập nhật: ")) + date]
    return [*head, *with_captions(paragraphs, rng), *widgets(rng), *related(rng, others)], when, story.name


def parenthesised_caps(story, paragraphs, rng, others):
    """Menu, headline, dateline, text closed by "(NAME)", then share and comment widgets."""
    date, when = dateline(story.date, rng)
    menu = rng.sample(SECTIONS, rng.randint(3, 6))
    body = with_captions(paragraphs, rng)
    if rng.random() < 0.5:
        body[-1] += f" ({caps(story.name)})"
    else:
        body.append(f"({caps(story.name)})")
    return [*menu, story.title, date, *body, *widgets(rng, 2, 4)], when, story.name


def counter_and_print(story, paragraphs, rng, others):
    """Headline, "Cập nhật:" dateline, text, the name alone, then counters, print links and other news."""
    date, when = dateline(story.date, rng)
    page = [story.title, f"Cập nhật: {date}", *paragraphs, story.name, *widgets(rng, 2, 5), *related(rng, others, 4)]
    return page, when, story.name


def role_above(story, paragraphs, rng, others):
    """Headline, a role before the name ("Phóng viên ..."), dateline in words, text, then "Nguồn:"."""
    date, when = dateline(story.date, rng, ["words", "words-time", "weekday"])
    role = rng.choice(("Phóng viên ", "Phóng viên: ", "PV ", "Nhà báo ", "Biên tập viên: ", "Cộng tác viên "))
    page = [story.title, role + story.name, date, *with_captions(paragraphs, rng),
            f"Nguồn: {rng.choice(AGENCIES)}", *widgets(rng, 0, 2)]
    return page, when, story.name


def text_and_photos(story, paragraphs, rng, others):
    """Dateline above the headline, captions between paragraphs, "Bài và ảnh: NAME" at the end."""
    date, when = dateline(story.date, rng)
    label = rng.choice(("Bài và ảnh: ", "Bài, ảnh: ", "Bài và ảnh: ", "Bài: "))
    name = rng.choice((story.name, caps(story.name)))
    page = [rng.choice(SECTIONS), date, story.title, *with_captions(paragraphs, rng),
            label + name, *widgets(rng, 1, 3), *related(rng, others)]
    return page, when, story.name


def two_authors(story, paragraphs, rng, others):
    """Headline, dateline, text, and two names on the byline joined by a dash, a comma or "và"."""
    date, when = dateline(story.date, rng)
    second = next(other.name for other in rng.sample(others, len(others)) if other.name != story.name)
    joined = rng.choice((" – ", " - ", ", ", " và "))
    pair = f"{story.name}{joined}{second}"
    byline = rng.choice((pair, caps(pair), f"Nhóm phóng viên: {pair}", f"({caps(pair)})"))
    page = [breadcrumb(rng), story.title, date, *paragraphs, byline, *widgets(rng, 0, 3)]
    return page, when, pair


def name_with_credit(story, paragraphs, rng, others):
    """Headline, weekday dateline, text, "Name (Theo AFP)" and a tags line."""
    date, when = dateline(story.date, rng, ["weekday", "dash", "iso"])
    credit = story.credit or rng.choice(("Theo AFP", "Theo Reuters", "Tổng hợp"))
    tags = ", ".join(rng.sample(SECTIONS, 3))
    page = [story.title, date, *with_captions(paragraphs, rng), f"{story.name} ({credit})",
            f"Tags: {tags}", *related(rng, others)]
    return page, when, story.name


def caps_name_on_top(story, paragraphs, rng, others):
    """Section in capitals, headline, NAME in capitals right under it, dateline, text, "Theo ..." credit."""
    date, when = dateline(story.date, rng, ["dots", "time-first", "time-h", "iso-t"])
    page = [rng.choice(SECTIONS).upper(), story.title, caps(story.name), date, *paragraphs,
            f"Theo {rng.choice(AGENCIES)}", *widgets(rng, 1, 3), *related(rng, others)]
    return page, when, story.name


def meta_line(story, paragraphs, rng, others):
    """Menu and breadcrumb, headline, one line "date | Tác giả: name | Lượt xem: n", text, footer."""
    date, when = dateline(story.date, rng, ["iso", "dash", "date-only", "half-day"])
    views = rng.randint(10, 9999)
    line = rng.choice((f"{date} | Tác giả: {story.name} | Lượt xem: {views}", f"Đăng ngày {date} bởi {story.name}",
                       f"{story.name} | {date}", f"Ngày đăng: {date} - Người viết: {story.name}"))
    menu = rng.sample(SECTIONS, rng.randint(4, 8))
    page = [*menu, breadcrumb(rng), story.title, line, *with_captions(paragraphs, rng),
            *widgets(rng, 1, 3), "Bản quyền thuộc về Cổng thông tin điện tử"]
    return page, when, story.name


def byline_then_source(story, paragraphs, rng, others):
    """Headline, dateline under a label, text, name and then "Nguồn:" or "Theo ..." and comment widgets."""
    date, when = dateline(story.date, rng)
    page = [story.title, rng.choice(("Ngày đăng: ", "Đăng lúc ", "Thời gian đăng: ")) + date,
            *with_captions(paragraphs, rng), rng.choice((story.name, caps(story.name), f"Tác giả: {story.name}")),
            rng.choice((f"Nguồn: {rng.choice(AGENCIES)}", f"Theo {rng.choice(AGENCIES)}")),
            "Ý kiến bạn đọc", "Gửi ý kiến", *related(rng, others, 2)]
    return page, when, story.name


def dateline_in_footer(story, paragraphs, rng, others):
    """Breadcrumb, headline, an agency-tagged lead, text, two names in capitals, then the only dateline in the footer."""
    date, when = dateline(story.date, rng)
    second = next(other.name for other in rng.sample(others, len(others)) if other.name != story.name)
    pair = caps(f"{story.name} - {second}")
    lead = f"(Dân trí) - {paragraphs[0]}"
    page = [f"{rng.choice(SECTIONS)} › {rng.choice(SECTIONS)}", story.title, lead, *with_captions(paragraphs[1:], rng),
            pair, f"Cập nhật lúc {date}", "Bình luận (3)", *related(rng, others, 2)]
    return page, when, f"{story.name} - {second}"


def text_and_photo_credits(story, paragraphs, rng, others):
    """Headline, "Bài: name | Ảnh: photographer" on one line, dateline, captioned text and a tags line."""
    date, when = dateline(story.date, rng)
    photographer = next(other.name for other in rng.sample(others, len(others)) if other.name != story.name)
    credits = rng.choice((f"Bài: {story.name} | Ảnh: {photographer}", f"Bài: {caps(story.name)} - Ảnh: {caps(photographer)}"))
    page = [story.title, credits, date, *with_captions(paragraphs, rng), f"Tags: {', '.join(rng.sample(SECTIONS, 2))}"]
    return page, when, story.name


FAMILIES = [
    Family("label-above-dateline", label_above),
    Family("parenthesised-caps", parenthesised_caps),
    Family("counter-and-print", counter_and_print),
    Family("role-above", role_above),
    Family("text-and-photos", text_and_photos),
    Family("two-authors", two_authors),
    Family("name-with-credit", name_with_credit),
    Family("caps-name-on-top", caps_name_on_top),
    Family("meta-line", meta_line),
    Family("byline-then-source", byline_then_source),
]
# Written last, as a check on layouts the work had not seen (bench/README.md says what they showed).
HELD_OUT = [
    Family("dateline-in-footer", dateline_in_footer),
    Family("text-and-photo-credits", text_and_photo_credits),
]
