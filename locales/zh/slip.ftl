# The resident's slip (soudan slip): a one-page confirmation of one booking, and its .ics.
# Resident text: all seven languages, same keys and placeables. Keep sentences short.

slip-title = 咨询预约单
slip-number-label = 预约编号
# $wday: mon..sun; $monthname: jan..dec; $year, $day: numbers as text.
slip-date = { $year }年{ $monthname ->
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
    }月{ $day }日（{ $wday ->
        [mon] 星期一
        [tue] 星期二
        [wed] 星期三
        [thu] 星期四
        [fri] 星期五
        [sat] 星期六
       *[sun] 星期日
    }）
slip-time = { $start }–{ $end }
slip-when-label = 日期和时间
slip-place-label = 地点
slip-specialist-label = 咨询专家
slip-topic-label = 咨询内容
slip-interpreter-label = 翻译
slip-interpreter-in-person = 翻译会到现场
slip-interpreter-video = 翻译通过视频通话参加
slip-interpreter-phone = 翻译通过电话参加
slip-interpreter-not-needed = 不需要翻译（专家会说您的语言）
slip-interpreter-arranging = 正在安排翻译
slip-bring-title = 请带来
slip-bring-card = 在留卡
slip-bring-passport = 护照
slip-bring-letters = 您收到的信件和文件（来自市政府、入管局、公司、学校等）
slip-bring-notes = 您已经做过的事情的记录（什么时候、向谁咨询过）
slip-arrive = 请在开始前10分钟到达。
slip-change-title = 取消或更改预约
slip-change-phone = 如果不能来或想改时间，请给中心打电话：{ $phone }
slip-change-counter = 如果不能来或想改时间，请到{ $center }的窗口说明。
slip-hours = 受理时间：{ $hours }
slip-notice-changed = 您的预约已更改
slip-notice-changed-detail = 请按新的时间来。旧的预约单请扔掉。
slip-old = 原来
slip-new = 新的
slip-notice-rescheduling = 正在重新安排您的预约时间
slip-notice-rescheduling-detail = 新的时间确定后，中心会联系您。
slip-notice-cancelled = 您的预约已取消
slip-notice-cancelled-detail = 如果还需要咨询，请联系中心。
slip-notice-rearranging-detail = 您的咨询无法在这个时间进行。中心会给您打电话。
slip-do-not-come = 请不要按本预约单上的时间来。
slip-name-label = 姓名
slip-show-number = 当天请在前台出示这个预约编号。
slip-issued = 发行日期：{ $date }
slip-ics-summary = 专家咨询预约 { $number }
