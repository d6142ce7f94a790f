//! Where a disclosure stands in its posting period (公示期) on `--today`.

use crate::records::common::Posting;
use jiff::civil::Date;

/// Where a disclosure stands in its posting period on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PostingStatus {
    /// 公示中: today lies inside the posting period.
    Live,
    /// 即将公示: the posting starts later.
    Upcoming,
    /// 已结束: the posting is over.
    Ended,
}

impl PostingStatus {
    pub(crate) fn of(posting: &Posting, today: Date) -> PostingStatus {
        if today < posting.from {
            PostingStatus::Upcoming
        } else if today > posting.to {
            PostingStatus::Ended
        } else {
            PostingStatus::Live
        }
    }

    /// The key the theme styles the badge by.
    pub(crate) fn key(&self) -> &'static str {
        match self {
            PostingStatus::Live => "live",
            PostingStatus::Upcoming => "upcoming",
            PostingStatus::Ended => "ended",
        }
    }

    pub(crate) fn label(&self) -> &'static str {
        match self {
            PostingStatus::Live => "公示中",
            PostingStatus::Upcoming => "即将公示",
            PostingStatus::Ended => "已结束",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn status_on_either_side_of_the_posting() {
        let p = Posting {
            from: date(2013, 7, 5),
            to: date(2013, 7, 11),
            channels: vec![],
        };
        assert_eq!(
            PostingStatus::of(&p, date(2013, 7, 4)),
            PostingStatus::Upcoming
        );
        assert_eq!(PostingStatus::of(&p, date(2013, 7, 5)), PostingStatus::Live);
        assert_eq!(
            PostingStatus::of(&p, date(2013, 7, 11)),
            PostingStatus::Live
        );
        assert_eq!(
            PostingStatus::of(&p, date(2013, 7, 12)),
            PostingStatus::Ended
        );
    }
}
