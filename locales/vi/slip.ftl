# The resident's slip (soudan slip): a one-page confirmation of one booking, and its .ics.
# Resident text: all seven languages, same keys and placeables. Keep sentences short.

slip-title = Phiếu hẹn tư vấn
slip-number-label = Số đặt hẹn
# $wday: mon..sun; $monthname: jan..dec; $year, $day: numbers as text.
slip-date = { $wday ->
        [mon] Thứ Hai
        [tue] Thứ Ba
        [wed] Thứ Tư
        [thu] Thứ Năm
        [fri] Thứ Sáu
        [sat] Thứ Bảy
       *[sun] Chủ Nhật
    }, ngày { $day } tháng { $monthname ->
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
    } năm { $year }
slip-time = { $start }–{ $end }
slip-when-label = Ngày giờ
slip-place-label = Địa điểm
slip-specialist-label = Chuyên gia tư vấn
slip-topic-label = Nội dung tư vấn
slip-interpreter-label = Phiên dịch
slip-interpreter-in-person = Phiên dịch viên sẽ có mặt tại phòng tư vấn
slip-interpreter-video = Phiên dịch viên sẽ tham gia qua cuộc gọi video
slip-interpreter-phone = Phiên dịch viên sẽ tham gia qua điện thoại
slip-interpreter-not-needed = Không cần phiên dịch (chuyên gia nói được ngôn ngữ của bạn)
slip-interpreter-arranging = Chúng tôi đang sắp xếp phiên dịch viên
slip-bring-title = Những thứ cần mang theo
slip-bring-card = Thẻ lưu trú (Zairyu card)
slip-bring-passport = Hộ chiếu
slip-bring-letters = Thư và giấy tờ bạn đã nhận (từ tòa thị chính, cục xuất nhập cảnh, công ty, trường học...)
slip-bring-notes = Ghi chú những việc bạn đã làm (khi nào, đã hỏi ai)
slip-arrive = Vui lòng đến trước giờ bắt đầu 10 phút.
slip-change-title = Hủy hoặc đổi lịch hẹn
slip-change-phone = Nếu bạn không thể đến hoặc muốn đổi giờ, hãy gọi điện cho trung tâm: { $phone }
slip-change-counter = Nếu bạn không thể đến hoặc muốn đổi giờ, hãy báo tại quầy của { $center }.
slip-hours = Giờ tiếp nhận: { $hours }
slip-notice-changed = Lịch hẹn của bạn đã thay đổi
slip-notice-changed-detail = Vui lòng đến vào giờ mới. Hãy bỏ phiếu hẹn cũ đi.
slip-old = Cũ
slip-new = Mới
slip-notice-rescheduling = Chúng tôi đang tìm giờ mới cho lịch hẹn của bạn
slip-notice-rescheduling-detail = Trung tâm sẽ liên lạc với bạn khi có giờ mới.
slip-notice-cancelled = Lịch hẹn của bạn đã bị hủy
slip-notice-cancelled-detail = Nếu bạn vẫn cần tư vấn, hãy liên lạc với trung tâm.
slip-notice-rearranging-detail = Buổi tư vấn không thể diễn ra vào giờ này. Trung tâm sẽ gọi điện cho bạn.
slip-do-not-come = Đừng đến vào giờ ghi trên phiếu này.
slip-name-label = Họ tên
slip-show-number = Vào ngày hẹn, hãy đưa số đặt hẹn này cho quầy tiếp nhận.
slip-issued = Ngày cấp: { $date }
slip-ics-summary = Hẹn tư vấn chuyên gia { $number }
