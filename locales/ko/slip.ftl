# The resident's slip (soudan slip): a one-page confirmation of one booking, and its .ics.
# Resident text: all seven languages, same keys and placeables. Keep sentences short.

slip-title = 상담 예약표
slip-number-label = 예약 번호
# $wday: mon..sun; $monthname: jan..dec; $year, $day: numbers as text.
slip-date = { $year }년 { $monthname ->
        [jan] 1
        [feb] 2
        [mar] 3
        [apr] 4
        [may] 5
        [jun] 6
        [jul] 7
        [aug] 8
        [sep] 9
        [oct] 10
        [nov] 11
       *[dec] 12
    }월 { $day }일 ({ $wday ->
        [mon] 월요일
        [tue] 화요일
        [wed] 수요일
        [thu] 목요일
        [fri] 금요일
        [sat] 토요일
       *[sun] 일요일
    })
slip-time = { $start }–{ $end }
slip-when-label = 날짜와 시간
slip-place-label = 장소
slip-specialist-label = 상담 전문가
slip-topic-label = 상담 내용
slip-interpreter-label = 통역
slip-interpreter-in-person = 통역사가 상담 장소에 옵니다
slip-interpreter-video = 통역사가 영상 통화로 참여합니다
slip-interpreter-phone = 통역사가 전화로 참여합니다
slip-interpreter-not-needed = 통역이 필요 없습니다 (전문가가 당신의 언어로 말합니다)
slip-interpreter-arranging = 통역사를 준비하고 있습니다
slip-bring-title = 가져올 것
slip-bring-card = 재류 카드
slip-bring-passport = 여권
slip-bring-letters = 받은 편지와 서류 (시청, 출입국재류관리국, 회사, 학교 등에서)
slip-bring-notes = 지금까지 해 본 일의 메모 (언제, 누구에게 상담했는지)
slip-arrive = 시작 10분 전까지 와 주세요.
slip-change-title = 예약 취소 · 변경
slip-change-phone = 올 수 없거나 시간을 바꾸고 싶을 때는 센터에 전화해 주세요: { $phone }
slip-change-counter = 올 수 없거나 시간을 바꾸고 싶을 때는 { $center } 창구에 말해 주세요.
slip-hours = 접수 시간: { $hours }
slip-notice-changed = 예약이 변경되었습니다
slip-notice-changed-detail = 새 시간에 와 주세요. 이전 예약표는 버려 주세요.
slip-old = 이전
slip-new = 새 시간
slip-notice-rescheduling = 예약 시간을 다시 조정하고 있습니다
slip-notice-rescheduling-detail = 새 시간이 정해지면 센터에서 연락드립니다.
slip-notice-cancelled = 예약이 취소되었습니다
slip-notice-cancelled-detail = 아직 상담이 필요하면 센터에 연락해 주세요.
slip-notice-rearranging-detail = 이 시간에는 상담을 할 수 없게 되었습니다. 센터에서 전화드립니다.
slip-do-not-come = 이 예약표의 시간에는 오지 마세요.
slip-name-label = 이름
slip-show-number = 상담 당일 접수처에서 이 예약 번호를 보여 주세요.
slip-issued = 발행일: { $date }
slip-ics-summary = 전문가 상담 예약 { $number }
