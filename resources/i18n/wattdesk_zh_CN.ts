<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/ui/about.py" line="59" />
        <source>About WattDesk</source>
        <translation>关于 WattDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="66" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="67" />
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="68" />
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="69" />
        <source>Log folder</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="70" />
        <source>System</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="72" />
        <source>WattDesk — prepaid electricity control room</source>
        <translation>WattDesk 预付费电能管理台</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="85" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="89" />
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
</context>
<context>
    <name>AccountActions</name>
    <message>
        <location filename="../../app/ui/account_actions.py" line="47" />
        <source>Your role (%1) may not change accounts.</source>
        <translation>您的角色（%1）不能修改账户。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="48" />
        <source>The room is let: close or transfer its account first.</source>
        <translation>房间已出租：请先销户或过户。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="49" />
        <location filename="../../app/ui/account_actions.py" line="123" />
        <source>A vacant room has no account.</source>
        <translation>空置房间没有账户。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="51" />
        <source>Your role (%1) may not change meters.</source>
        <translation>您的角色（%1）不能修改电表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="53" />
        <source>Open account…</source>
        <translation>开户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="55" />
        <source>Pre-set account…</source>
        <translation>预设账户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="57" />
        <source>Open its pre-set account</source>
        <translation>开通其预设账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="59" />
        <source>Close account…</source>
        <translation>销户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="60" />
        <source>Closing settles and refunds: only an administrator.</source>
        <translation>销户要结算并退费：仅限管理员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="62" />
        <source>Transfer of ownership…</source>
        <translation>过户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="64" />
        <source>Meter swap…</source>
        <translation>换表…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="67" />
        <source>Tenant and contacts…</source>
        <translation>租户与联系人…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="99" />
        <source>No pre-set account has reserved this room.</source>
        <translation>没有预设账户预留此房间。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_actions.py" line="101" />
        <source>Account %1 is open.</source>
        <translation>账户 %1 已开通。</translation>
    </message>
</context>
<context>
    <name>AccountTableModel</name>
    <message>
        <location filename="../../app/ui/accounts.py" line="74" />
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="75" />
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="76" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="77" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="78" />
        <source>Rooms</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="79" />
        <source>Meters</source>
        <translation>电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="80" />
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="81" />
        <source>Payers</source>
        <translation>付款人</translation>
    </message>
</context>
<context>
    <name>Accounts</name>
    <message>
        <location filename="../../app/ui/labels.py" line="170" />
        <source>meter-side (表端计费)</source>
        <translation>表端计费</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="171" />
        <source>platform-side (后台计费)</source>
        <translation>后台计费</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="61" />
        <source>open</source>
        <translation>在用</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="62" />
        <source>pre-set</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="63" />
        <source>closed</source>
        <translation>已销户</translation>
    </message>
</context>
<context>
    <name>AccountsWindow</name>
    <message>
        <location filename="../../app/ui/accounts.py" line="164" />
        <source>Accounts (账户管理)</source>
        <translation>账户管理</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="190" />
        <source>Search tenant, pinyin initials, room or account number</source>
        <translation>搜索租户、拼音首字母、房间或账户号</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="192" />
        <source>Show closed accounts</source>
        <translation>显示已销户账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="204" />
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="210" />
        <source>Open account…</source>
        <translation>开户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="211" />
        <source>Pre-set account…</source>
        <translation>预设账户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="212" />
        <source>Open pre-set</source>
        <translation>开通预设账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="213" />
        <source>Cancel pre-set</source>
        <translation>取消预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="214" />
        <source>Close account…</source>
        <translation>销户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="215" />
        <source>Transfer of ownership…</source>
        <translation>过户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="216" />
        <source>Meter swap…</source>
        <translation>换表…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="217" />
        <source>Tenant and contacts…</source>
        <translation>租户与联系人…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="218" />
        <source>Message contacts…</source>
        <translation>消息联系人…</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="263" />
        <source>%1 of %2 accounts</source>
        <translation>%1 / %2 个账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="288" />
        <source>Your role (%1) may not change accounts: ask an operator.</source>
        <translation>您的角色（%1）不能修改账户：请联系操作员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="292" />
        <source>Closing settles and refunds: only an administrator (your role: %1).</source>
        <translation>销户要结算并退费：仅限管理员（您的角色：%1）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="294" />
        <source>Your role (%1) may not change meters: ask an operator.</source>
        <translation>您的角色（%1）不能修改电表：请联系操作员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="297" />
        <source>Choose an account in the list first.</source>
        <translation>请先在列表中选择一个账户。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="348" />
        <source>Only a pre-set account can be opened or cancelled here.</source>
        <translation>只有预设账户可以在此开通或取消。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="349" />
        <source>Only an open account with rooms and meters allows this.</source>
        <translation>只有在用且有房间和电表的账户才能这样操作。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="421" />
        <source>Open pre-set account %1 now?</source>
        <translation>现在开通预设账户 %1？</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="426" />
        <source>Account %1 is open.</source>
        <translation>账户 %1 已开通。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="427" />
        <source>Not opened: %1</source>
        <translation>未开通：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="433" />
        <source>Cancel pre-set account %1 and free its rooms?</source>
        <translation>取消预设账户 %1 并释放其房间？</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="440" />
        <source>Pre-set account %1 cancelled.</source>
        <translation>预设账户 %1 已取消。</translation>
    </message>
    <message>
        <location filename="../../app/ui/accounts.py" line="442" />
        <source>Not cancelled: %1</source>
        <translation>未取消：%1</translation>
    </message>
</context>
<context>
    <name>AlarmsDock</name>
    <message>
        <location filename="../../app/ui/alarms.py" line="71" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="71" />
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="71" />
        <source>Room / meter</source>
        <translation>房间 / 电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="71" />
        <source>Message</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="83" />
        <source>All events</source>
        <translation>全部事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="84" />
        <source>Alarms (level 1+)</source>
        <translation>告警（一级及以上）</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="85" />
        <source>Level 2+</source>
        <translation>二级及以上</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="86" />
        <source>Level 3 only</source>
        <translation>仅三级</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="89" />
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="98" />
        <location filename="../../app/ui/alarms.py" line="134" />
        <source>All buildings</source>
        <translation>全部楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="102" />
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="104" />
        <source>Beep for level-3 alarms and offline storms (the banner shows either way).</source>
        <translation>三级告警和批量离线时鸣响提示（横幅提示始终显示）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="108" />
        <source>Acknowledge selected</source>
        <translation>确认所选告警</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="112" />
        <source>Your role reads alarms but may not acknowledge them.</source>
        <translation>您的角色可以查看告警，但不能确认告警。</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="114" />
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="209" />
        <source>acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="214" />
        <source>Alarms and events</source>
        <translation>告警与事件</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/alarms.py" line="216" />
        <source>(%n unacknowledged)</source>
        <translation><numerusform>（%n 条未确认）</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/alarms.py" line="249" />
        <source>Alarms: %1</source>
        <translation>告警：%1</translation>
    </message>
</context>
<context>
    <name>AlarmsPage</name>
    <message>
        <location filename="../../app/ui/settings_site.py" line="178" />
        <source>Alarm levels</source>
        <translation>余额告警</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="184" />
        <source>Cut platform-side meters at the cut-off line</source>
        <translation>后台计费电表到断电线时自动拉闸</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="185" />
        <source>Restore them after a recharge</source>
        <translation>充值后自动合闸</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="186" />
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="189" />
        <source>Level 1 (warning) at or below</source>
        <translation>一级告警（提醒）：余额不高于</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="190" />
        <source>Level 2 (pre-trip) at or below</source>
        <translation>二级告警（预跳闸）：余额不高于</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="191" />
        <source>Level 3 = cut-off line at or below</source>
        <translation>三级 = 断电线：余额不高于</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="192" />
        <source>Restore above</source>
        <translation>恢复供电：余额高于</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="205" />
        <source>These are the defaults of the whole site. They colour the park tree and the room tiles, raise the alarms and, for platform-side billing, cut and restore the relay (the cut-off line is lowered by an account's overdraft limit). Meter-side meters alarm and trip on the amounts written into them (room detail → parameters). Changes apply within seconds, without a restart.</source>
        <translation>这些是全园区的默认值：决定园区树和房间卡片的颜色、产生告警，并在后台计费时自动拉闸和合闸（断电线会再减去账户的透支额度）。表端计费电表按写入表内的告警金额告警和跳闸（房间详情 → 参数）。修改几秒内生效，无需重启。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="215" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="231" />
        <source>change the alarm levels</source>
        <translation>修改余额告警</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="251" />
        <source>Level 1</source>
        <translation>一级告警</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="252" />
        <source>Level 2</source>
        <translation>二级告警</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="253" />
        <source>Cut-off line</source>
        <translation>断电线</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="254" />
        <source>Restore line</source>
        <translation>恢复供电线</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="273" />
        <source>Saved. The collector and the park tree use these levels now.</source>
        <translation>已保存。采集服务和园区树现在使用这些告警线。</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <location filename="../../app/ui/alerts.py" line="86" />
        <source>Dismiss</source>
        <translation>关闭提示</translation>
    </message>
</context>
<context>
    <name>AlertNotifier</name>
    <message>
        <location filename="../../app/ui/alerts.py" line="194" />
        <source>WattDesk alarm</source>
        <translation>WattDesk 告警</translation>
    </message>
</context>
<context>
    <name>Alerts</name>
    <message numerus="yes">
        <location filename="../../app/ui/alerts.py" line="49" />
        <source>%n meter(s) went offline on %1</source>
        <translation><numerusform>%1 上 %n 块表离线</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/alerts.py" line="51" />
        <source>%n meter(s) offline on %1</source>
        <translation><numerusform>%1 上现有 %n 块表离线</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts.py" line="67" />
        <source>Level-3 alarm: %1 — %2</source>
        <translation>三级告警：%1 — %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/alerts.py" line="73" />
        <source> (and %n more)</source>
        <translation><numerusform>（另有 %n 条）</numerusform></translation>
    </message>
</context>
<context>
    <name>ApprovalBox</name>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="154" />
        <source>Administrator approval</source>
        <translation>管理员审批</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="158" />
        <source>Money out above %1 needs an administrator's approval: the administrator types their login and password here.</source>
        <translation>超过 %1 的支出需管理员审批：由管理员在此输入其登录名和密码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="171" />
        <source>Administrator:</source>
        <translation>管理员：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="172" />
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
</context>
<context>
    <name>ApprovalsDialog</name>
    <message>
        <location filename="../../app/ui/approvals.py" line="61" />
        <source>Refund approvals (退费审批)</source>
        <translation>退费审批</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="65" />
        <source>Asked at</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="66" />
        <source>By</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="67" />
        <source>Tenant / rooms</source>
        <translation>租户 / 房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="68" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="69" />
        <source>Balance now</source>
        <translation>当前余额</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="70" />
        <source>Paid out by</source>
        <translation>退款方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="71" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="81" />
        <source>Approve and refund…</source>
        <translation>批准并退费…</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="82" />
        <source>Reject…</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="83" />
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="84" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="93" />
        <source>No refund is waiting for approval.</source>
        <translation>没有待审批的退费申请。</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="95" />
        <source>Only an administrator decides refund requests; you can see them.</source>
        <translation>只有管理员可以审批退费申请；您可以查看。</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="155" />
        <source>Refund %1 by %2, asked by %3?</source>
        <translation>以%2退费 %1（申请人 %3）？</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="163" />
        <source>Why is the refund %1 rejected?</source>
        <translation>驳回退费 %1 的原因？</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="179" />
        <source>Refunded %1: slip %2 (in %3's shift).</source>
        <translation>已退费 %1：退款单 %2（记入 %3 的班次）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="184" />
        <source>Request of %1 for %2 rejected.</source>
        <translation>已驳回 %1 的 %2 退费申请。</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="195" />
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="206" />
        <source>Approve refund</source>
        <translation>批准退费</translation>
    </message>
    <message>
        <location filename="../../app/ui/approvals.py" line="209" />
        <source>Reject refund</source>
        <translation>驳回退费</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../app/ui/tariffs.py" line="448" />
        <source>Assign tariff %1</source>
        <translation>分配电价方案 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="460" />
        <source>Tariff:</source>
        <translation>电价方案：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="461" />
        <source>Applies to:</source>
        <translation>适用于：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="462" />
        <source>Which:</source>
        <translation>具体对象：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="466" />
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="470" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="509" />
        <source>Which: choose one from the list.</source>
        <translation>具体对象：请从列表中选择一项。</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <location filename="../../app/ui/settings_site.py" line="284" />
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="287" />
        <source>Back up automatically every day at</source>
        <translation>每天自动备份，时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="292" />
        <source>(the WattDesk data folder)</source>
        <translation>（系统数据文件夹）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="293" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="297" />
        <source> backups</source>
        <translation> 份</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="307" />
        <source>Schedule</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="308" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="309" />
        <source>Keep the newest</source>
        <translation>保留最新</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="313" />
        <source>The time is site time. A backup missed while this computer was off is taken when WattDesk next starts. Keep backups on another disk too: a copy on the same disk does not survive a disk failure.</source>
        <translation>时间为园区当地时间。电脑关机错过的备份会在下次启动时补做。请另在其他磁盘保存备份：同一磁盘上的副本无法抵御磁盘损坏。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="321" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="323" />
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="332" />
        <source>change the backup schedule</source>
        <translation>修改备份计划</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="339" />
        <source>take a backup</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="343" />
        <source>A PostgreSQL database is backed up on its server (pg_dump).</source>
        <translation>PostgreSQL 数据库在其服务器上备份（pg_dump）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="362" />
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="384" />
        <source>Saved: no automatic backup.</source>
        <translation>已保存：不自动备份。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="387" />
        <source>Saved: a backup every day at %1.</source>
        <translation>已保存：每天 %1 备份。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="396" />
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="406" />
        <source>Backup written: %1 (%2 MB)</source>
        <translation>备份已写入：%1（%2 MB）</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message numerus="yes">
        <location filename="../../app/ui/batches_dialog.py" line="143" />
        <source>Batch over %n rooms</source>
        <translation><numerusform>批量操作（%n 个房间）</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="103" />
        <source>Tariff name, as in the Tariffs window</source>
        <translation>电价名称，与电价窗口一致</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="156" />
        <source>Run now</source>
        <translation>立即执行</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="157" />
        <source>Run at</source>
        <translation>定时执行</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="117" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="122" />
        <source>Create batch</source>
        <translation>创建批量任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="253" />
        <source>Preview first: see what each item will do.</source>
        <translation>请先预览：查看每一项将执行什么。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="182" />
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="141" />
        <source>New batch</source>
        <translation>新建批量任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="145" />
        <source>Batch over building %1</source>
        <translation>批量操作：楼栋 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="146" />
        <source>Batch over floor %1</source>
        <translation>批量操作：楼层 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="152" />
        <source>Tariff:</source>
        <translation>电价：</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="170" />
        <source>once</source>
        <translation>仅一次</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="171" />
        <source>every day</source>
        <translation>每天</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="172" />
        <source>every week</source>
        <translation>每周</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="177" />
        <location filename="../../app/ui/batches_dialog.py" line="181" />
        <source>Rooms:</source>
        <translation>房间：</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="188" />
        <source>When:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="194" />
        <source>What will happen to each item:</source>
        <translation>每一项将执行：</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="211" />
        <source>building %1</source>
        <translation>楼栋 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="215" />
        <source>floor %1</source>
        <translation>楼层 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="216" />
        <source>every room in arrears</source>
        <translation>所有欠费房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="243" />
        <source>A money batch runs once: each one is approved on its own.</source>
        <translation>涉及金额的批量任务只执行一次：每个任务单独审批。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="248" />
        <source>The rooms come from the sheet.</source>
        <translation>房间取自表格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="306" />
        <source>Correct the fields marked in red.</source>
        <translation>请更正标红的字段。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="314" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="335" />
        <source>base allowance (基础额度)</source>
        <translation>发放基础额度</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="339" />
        <source>Item</source>
        <translation>项</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="339" />
        <source>Room / meter</source>
        <translation>房间 / 电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="339" />
        <source>What will happen</source>
        <translation>将执行的操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="340" />
        <source>Amount ¥</source>
        <translation>金额 ¥</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="351" />
        <source>… and %1 more</source>
        <translation>… 另有 %1 项</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/batches_dialog.py" line="357" />
        <source>%n items.</source>
        <translation><numerusform>共 %n 项。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="360" />
        <source>Total %1.</source>
        <translation>合计 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="362" />
        <source>A second administrator must approve it before it runs.</source>
        <translation>须由另一位管理员审批后才会执行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="370" />
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="370" />
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="370" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/batches_dialog.py" line="373" />
        <source>The sheet has %n error(s); nothing was created. Correct the file and preview again.</source>
        <translation><numerusform>表格有 %n 处错误，未创建任何任务。请修改文件后重新预览。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="402" />
        <source>Batch %1 created. It is waiting for a second administrator's approval (Batches window → Approve); nothing moves before.</source>
        <translation>批量任务 %1 已创建，正在等待另一位管理员审批（批量任务窗口 → 审批）；审批前不会执行任何操作。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="408" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>BatchProgress</name>
    <message>
        <location filename="../../app/ui/batches_dialog.py" line="459" />
        <source>Batch %1 (%2): %3</source>
        <translation>批量任务 %1（%2）：%3</translation>
    </message>
</context>
<context>
    <name>Batches</name>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="35" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="38" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="41" />
        <source>Cancel batch…</source>
        <translation>取消任务…</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="44" />
        <source>Retry failed</source>
        <translation>重试失败项</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="47" />
        <source>Approve</source>
        <translation>审批通过</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="67" />
        <source>Select a batch first.</source>
        <translation>请先选择一个批量任务。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="70" />
        <source>Your role may not steer a batch of this kind.</source>
        <translation>您的角色不能操作此类批量任务。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="79" />
        <source>Only a waiting or running batch pauses.</source>
        <translation>只有等待中或执行中的任务可以暂停。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="86" />
        <source>The batch is not paused.</source>
        <translation>任务未暂停。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="93" />
        <source>The batch has finished.</source>
        <translation>任务已结束。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="100" />
        <source>No failed item to retry.</source>
        <translation>没有可重试的失败项。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="108" />
        <source>Only another administrator approves a money batch.</source>
        <translation>涉及金额的批量任务须由另一位管理员审批。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="112" />
        <source>Only an administrator approves a money batch.</source>
        <translation>只有管理员可以审批涉及金额的批量任务。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="115" />
        <source>The batch is not waiting for approval.</source>
        <translation>任务不在待审批状态。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="127" />
        <source>Batches</source>
        <translation>批量任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="140" />
        <source>Batch %1 paused.</source>
        <translation>批量任务 %1 已暂停。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="145" />
        <source>Batch %1 resumed.</source>
        <translation>批量任务 %1 已继续。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="149" />
        <source>Cancel batch %1? Items not yet sent are cancelled; items already sent finish.</source>
        <translation>取消批量任务 %1？尚未下发的项将被取消；已下发的项会执行完毕。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="156" />
        <source>Batch %1 cancelled.</source>
        <translation>批量任务 %1 已取消。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="161" />
        <source>Batch %1: failed items queued again.</source>
        <translation>批量任务 %1：失败项已重新排队。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_steer.py" line="165" />
        <source>Batch %1 approved.</source>
        <translation>批量任务 %1 已审批。</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="388" />
        <source>awaiting approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="389" />
        <location filename="../../app/ui/labels.py" line="401" />
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="390" />
        <source>scheduled</source>
        <translation>已定时</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="391" />
        <source>running</source>
        <translation>执行中</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="392" />
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="393" />
        <location filename="../../app/ui/labels.py" line="406" />
        <source>cancelled</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="394" />
        <location filename="../../app/ui/labels.py" line="403" />
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="402" />
        <source>sent</source>
        <translation>已下发</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="404" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="405" />
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="416" />
        <source>relay cut</source>
        <translation>拉闸</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="417" />
        <source>relay restore</source>
        <translation>合闸</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="418" />
        <source>guaranteed supply on</source>
        <translation>保电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="419" />
        <source>guaranteed supply off</source>
        <translation>解除保电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="420" />
        <source>meter parameters</source>
        <translation>电表参数</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="421" />
        <source>clock sync</source>
        <translation>校时</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="422" />
        <source>tariff assignment</source>
        <translation>电价分配</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="423" />
        <source>recharge from a sheet</source>
        <translation>按表格充值</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="424" />
        <source>fee deduction</source>
        <translation>批量扣费</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="434" />
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="438" />
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="444" />
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="508" />
        <source>Price %1, yuan/kWh</source>
        <translation>电价 %1，元/千瓦时</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="510" />
        <source>Alarm level 1 (一级告警), yuan</source>
        <translation>一级告警，元</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="511" />
        <source>Alarm level 2 (二级告警), yuan</source>
        <translation>二级告警，元</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="512" />
        <source>Maximum balance (囤积限额), yuan</source>
        <translation>囤积限额，元</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="523" />
        <source>room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="524" />
        <source>building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="525" />
        <source>amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="526" />
        <source>method</source>
        <translation>支付方式</translation>
    </message>
</context>
<context>
    <name>BatchesWindow</name>
    <message>
        <location filename="../../app/ui/batches.py" line="94" />
        <source>Batches</source>
        <translation>批量任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="107" />
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="108" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="109" />
        <source>Rooms</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="110" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="111" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="112" />
        <source>Items by state</source>
        <translation>各状态项数</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="113" />
        <source>Time left</source>
        <translation>预计剩余</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="114" />
        <source>Created by</source>
        <translation>创建人</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="120" />
        <source>New batch…</source>
        <translation>新建批量任务…</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="127" />
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="133" />
        <source>Filter by room or reason</source>
        <translation>按房间或原因筛选</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="138" />
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="145" />
        <source>Item</source>
        <translation>项</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="146" />
        <source>Room / meter</source>
        <translation>房间 / 电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="147" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="148" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="149" />
        <source>Amount ¥</source>
        <translation>金额 ¥</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="150" />
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="179" />
        <source>Items:</source>
        <translation>明细：</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="226" />
        <source>%1 batches, %2 running or queued</source>
        <translation>共 %1 个批量任务，%2 个执行中或排队中</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="270" />
        <source>No estimate yet: not every bus of this batch has finished a batch of this action without failures.</source>
        <translation>暂无估算：本任务的总线中有的尚未无失败地完成过同类操作。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="275" />
        <source>≈ %1 once started</source>
        <translation>开始后约 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="276" />
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="279" />
        <source>Estimated from the last finished batches of this action on the same buses (%1 per item on the slowest; buses run in parallel).</source>
        <translation>按同一批总线上同类操作最近完成的批量任务估算（最慢的总线每项 %1；各总线并行）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="359" />
        <source>batch-%1.xlsx</source>
        <translation>批量任务-%1.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="361" />
        <source>Export the batch</source>
        <translation>导出批量任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="361" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches.py" line="377" />
        <source>Written: %1</source>
        <translation>已写入：%1</translation>
    </message>
</context>
<context>
    <name>Billing</name>
    <message>
        <location filename="../../app/ui/labels.py" line="279" />
        <source>line loss</source>
        <translation>线路损耗</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="280" />
        <source>common-area meters</source>
        <translation>公共区域电表（公耗）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="281" />
        <source>loss and common use</source>
        <translation>损耗和公耗</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="288" />
        <source>by energy used</source>
        <translation>按用电量</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="289" />
        <source>by area (m²)</source>
        <translation>按面积（m²）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="290" />
        <source>equally</source>
        <translation>平均分摊</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="291" />
        <source>by fixed ratios</source>
        <translation>按固定比例</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="298" />
        <location filename="../../app/ui/labels.py" line="370" />
        <source>fixed amount</source>
        <translation>固定金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="299" />
        <source>per m² of area</source>
        <translation>按面积（每 m²）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="300" />
        <source>per kWh used</source>
        <translation>按用电量（每 kWh）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="307" />
        <source>one-off</source>
        <translation>一次性</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="308" />
        <source>monthly</source>
        <translation>每月</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="309" />
        <source>quarterly</source>
        <translation>每季度</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="310" />
        <source>yearly</source>
        <translation>每年</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="317" />
        <source>deduct from balance</source>
        <translation>从余额扣除</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="318" />
        <source>bill (collect at counter)</source>
        <translation>开账单（柜台收取）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="325" />
        <source>whole park</source>
        <translation>全园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="326" />
        <source>buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="327" />
        <source>floors</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="328" />
        <source>accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="335" />
        <source>posted</source>
        <translation>已入账</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="336" />
        <source>reversed</source>
        <translation>已冲正</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="343" />
        <source>open</source>
        <translation>未缴</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="344" />
        <source>paid</source>
        <translation>已缴</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="345" />
        <source>cancelled</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="353" />
        <source>master meter</source>
        <translation>总表</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="354" />
        <source>common-area meter</source>
        <translation>公共表</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="355" />
        <source>tenant meter</source>
        <translation>户表</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="365" />
        <source>loss apportionment</source>
        <translation>损耗公摊</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="366" />
        <source>common-use apportionment</source>
        <translation>公耗公摊</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="367" />
        <source>loss and common-use apportionment</source>
        <translation>损耗与公耗公摊</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="368" />
        <source>apportionment</source>
        <translation>公摊</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="371" />
        <source>by area</source>
        <translation>按面积</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="372" />
        <source>by kWh</source>
        <translation>按电量</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="375" />
        <source>deducted</source>
        <translation>扣费</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="376" />
        <source>billed</source>
        <translation>开账单</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="378" />
        <source>fee</source>
        <translation>收费</translation>
    </message>
</context>
<context>
    <name>BillingEditor</name>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="93" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="103" />
        <source>no end date</source>
        <translation>无截止日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="135" />
        <source>In force from</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="139" />
        <source>In force until</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="145" />
        <source>A billing run has used this item: only its end date may change. For new rules, end it and add a new item.</source>
        <translation>已有结算批次使用了此项目：只能修改截止日期。如需新规则，请先设定截止日期，再新增项目。</translation>
    </message>
</context>
<context>
    <name>BillingWindow</name>
    <message>
        <location filename="../../app/ui/billing.py" line="281" />
        <source>Billing</source>
        <translation>计费</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="289" />
        <source>Schemes and fee items</source>
        <translation>公摊方案与收费项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="290" />
        <source>Period runs</source>
        <translation>结算</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="291" />
        <source>Open bills</source>
        <translation>未缴账单</translation>
    </message>
</context>
<context>
    <name>BillsPage</name>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="78" />
        <source>Your role (%1) may not cancel bills: only an administrator. Bills are paid at the cashier counter.</source>
        <translation>您的角色（%1）不能作废账单，仅管理员可以。账单在收银台缴纳。</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="81" />
        <source>Open bills only</source>
        <translation>仅显示未缴账单</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="84" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="86" />
        <source>Cancel bill…</source>
        <translation>作废账单…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="89" />
        <source>Export arrears…</source>
        <translation>导出欠费…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="107" />
        <source>Bill No.</source>
        <translation>账单号</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="108" />
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="109" />
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="110" />
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="111" />
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="112" />
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="113" />
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="114" />
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="115" />
        <source>Paid (yuan)</source>
        <translation>已缴（元）</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="116" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="183" />
        <source>%1 bills, %2 yuan still owed</source>
        <translation>%1 张账单，尚欠 %2 元</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="193" />
        <source>Cancel bill</source>
        <translation>作废账单</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="194" />
        <source>Why is bill %1 cancelled? (required)</source>
        <translation>作废账单 %1 的原因（必填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="209" />
        <source>Bill %1 was cancelled.</source>
        <translation>账单 %1 已作废。</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="222" />
        <source>Export the arrears</source>
        <translation>导出欠费</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_bills.py" line="234" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>BusStatus</name>
    <message>
        <location filename="../../app/ui/bus_status.py" line="136" />
        <source>Buses %1/%2 · meters %3/%4 online</source>
        <translation>总线 %1/%2 · 电表在线 %3/%4</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/bus_status.py" line="102" />
        <location filename="../../app/ui/bus_status.py" line="117" />
        <source>%n offline</source>
        <translation><numerusform>%n 块离线</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/bus_status.py" line="104" />
        <location filename="../../app/ui/bus_status.py" line="119" />
        <source>%n with errors</source>
        <translation><numerusform>%n 块有错误</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="125" />
        <source>No bus configured</source>
        <translation>未配置总线</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="126" />
        <source>Pending recharges: %1</source>
        <translation>待写表充值：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="140" />
        <source>Buses run by %1 · meters %3/%4 online</source>
        <translation>总线由 %1 采集 · 电表 %3/%4 在线</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="145" />
        <source>Buses not polled · meters %3/%4 online</source>
        <translation>总线未采集 · 电表 %3/%4 在线</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="154" />
        <source>Collector: none running</source>
        <translation>采集服务：未运行</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="157" />
        <source>this desk</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="162" />
        <source>Collector: %1, no heartbeat since %2</source>
        <translation>采集服务：%1，自 %2 起无心跳</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="165" />
        <source>Collector: %1 since %2</source>
        <translation>采集服务：%1（自 %2 起）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/bus_status.py" line="168" />
        <source>%n standby</source>
        <translation><numerusform>%n 台备用</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="172" />
        <source>Standby: %1 (process %2)</source>
        <translation>备用：%1（进程 %2）</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="179" />
        <source>Runs the buses: %1 (process %2)</source>
        <translation>负责总线：%1（进程 %2）</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_status.py" line="183" />
        <source>No collector holds the buses</source>
        <translation>没有采集服务负责总线</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="271" />
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="272" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="275" />
        <source>Place</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="277" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="282" />
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="283" />
        <source>Day</source>
        <translation>星期</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="284" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="285" />
        <source>What</source>
        <translation>动作</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="286" />
        <location filename="../../app/ui/timecontrol.py" line="295" />
        <source>Timetable</source>
        <translation>作息表</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="287" />
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="288" />
        <source>Meters</source>
        <translation>电表数</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="295" />
        <source>Room under guaranteed supply</source>
        <translation>保电房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="299" />
        <source>Held: guaranteed supply wins, these rooms are not cut</source>
        <translation>保电优先：以下房间不断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="311" />
        <source>Whole park</source>
        <translation>整个园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="350" />
        <location filename="../../app/ui/timecontrol.py" line="360" />
        <source>holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="358" />
        <source>no supply cut (holiday)</source>
        <translation>不断电（节假日）</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="365" />
        <source>Holidays in these days: %1</source>
        <translation>这几天的节假日：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="367" />
        <source>No holiday in these days.</source>
        <translation>这几天没有节假日。</translation>
    </message>
</context>
<context>
    <name>CashierWindow</name>
    <message>
        <location filename="../../app/ui/cashier.py" line="87" />
        <source>Cashier counter</source>
        <translation>收银台</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="102" />
        <source>Room, tenant, pinyin initials, account or meter address</source>
        <translation>房间、租户、拼音首字母、账户或电表地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="114" />
        <location filename="../../app/ui/cashier.py" line="578" />
        <source>No room chosen</source>
        <translation>未选择房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="138" />
        <source>F1 Cash</source>
        <translation>F1 现金</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="139" />
        <source>F2 Bank card</source>
        <translation>F2 银行卡</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="140" />
        <source>F3 Transfer</source>
        <translation>F3 转账</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="141" />
        <source>F4 QR payment</source>
        <translation>F4 扫码支付</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="152" />
        <source>Recharge (Enter)</source>
        <translation>充值（回车）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="155" />
        <source>Clear (Esc)</source>
        <translation>清除（Esc）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="161" />
        <source>Your role may not take money: ask a cashier.</source>
        <translation>您的角色不能收款：请找收银员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="170" />
        <source>80 mm roll</source>
        <translation>80 mm 小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="171" />
        <source>A5 sheet</source>
        <translation>A5 单据</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="172" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="174" />
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="176" />
        <source>Reprint (copy)</source>
        <translation>补打</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="184" />
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="185" />
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="186" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="187" />
        <source>Age</source>
        <translation>已等待</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="188" />
        <source>State / reason</source>
        <translation>状态 / 原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="197" />
        <source>Close shift…</source>
        <translation>交班…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="204" />
        <source>Recharges waiting for their meter</source>
        <translation>等待写表的充值</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="280" />
        <location filename="../../app/ui/cashier.py" line="306" />
        <location filename="../../app/ui/cashier.py" line="382" />
        <source>(vacant)</source>
        <translation>（空置）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="307" />
        <source>meter-side prepaid meter</source>
        <translation>表端预付费电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="307" />
        <source>platform account</source>
        <translation>后台计费账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="309" />
        <source>Balance: loading…</source>
        <translation>余额：读取中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="327" />
        <source>Balance: %1</source>
        <translation>余额：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="330" />
        <source>was %1</source>
        <translation>原为 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="333" />
        <source>%1 on its way to the meter</source>
        <translation>%1 正在写入电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="347" />
        <source>After this recharge: %1</source>
        <translation>本次充值后：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="357" />
        <source>Confirm recharge</source>
        <translation>确认充值</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="370" />
        <source>Choose a room first.</source>
        <translation>请先选择房间。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="375" />
        <source>Type the amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="378" />
        <source>Recharge %1 by %2 to room %3, tenant %4?</source>
        <translation>以%2向房间 %3（租户 %4）充值 %1？</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="393" />
        <source>Recording the recharge…</source>
        <translation>正在记录充值…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="404" />
        <source>Receipt %1 issued.</source>
        <translation>已开具收据 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="431" />
        <source>Service phone: %1</source>
        <translation>服务电话：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="457" />
        <source>Waiting for the meter…</source>
        <translation>等待电表响应…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="458" />
        <source>Writing to the meter…</source>
        <translation>正在写入电表…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="459" />
        <source>Confirmed by the meter.</source>
        <translation>电表已确认。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="460" />
        <source>Not applied: %1</source>
        <translation>未写入：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="505" />
        <source>The last recharge (%1) was not recorded before the program stopped. If the money was taken, confirm it again.</source>
        <translation>程序停止前，上一笔充值（%1）未记录。如已收款，请再次确认。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="515" />
        <source>Recovered receipt %1 of the recharge interrupted by a restart.</source>
        <translation>已找回因重启中断的充值收据 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="529" />
        <source>Save receipt</source>
        <translation>保存收据</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="534" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="561" />
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
</context>
<context>
    <name>ChannelsTab</name>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="71" />
        <source>Send SMS through a GSM modem (短信猫) on this port</source>
        <translation>通过此端口上的短信猫（GSM 调制解调器）发送短信</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="79" />
        <location filename="../../app/ui/settings_messages.py" line="110" />
        <location filename="../../app/ui/settings_messages.py" line="128" />
        <source>Check</source>
        <translation>检测</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="86" />
        <source>Ask for delivery reports (状态报告)</source>
        <translation>索取状态报告（短信送达回执）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="89" />
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="90" />
        <source>Baud rate:</source>
        <translation>波特率：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="91" />
        <source>SIM PIN:</source>
        <translation>SIM卡PIN码：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="95" />
        <source>Send e-mail through this mail server (SMTP)</source>
        <translation>通过此邮件服务器（SMTP）发送邮件</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="100" />
        <source>usual</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="114" />
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="115" />
        <source>Security:</source>
        <translation>加密方式：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="116" />
        <source>User:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="117" />
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="118" />
        <source>From:</source>
        <translation>发件人：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="121" />
        <source>Send SMS through an SMS platform (optional)</source>
        <translation>通过短信平台发送短信（可选）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="131" />
        <source>Address:</source>
        <translation>接口地址：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="132" />
        <source>App key:</source>
        <translation>App Key：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="133" />
        <source>Secret:</source>
        <translation>密钥：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="135" />
        <source>signature (短信签名)</source>
        <translation>短信签名</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="139" />
        <source>SMS (modem)</source>
        <translation>短信（短信猫）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="140" />
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="141" />
        <source>SMS (platform)</source>
        <translation>短信（平台）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="144" />
        <source>mobile or e-mail</source>
        <translation>手机号或邮箱</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="145" />
        <source>WattDesk test message: the messages work.</source>
        <translation>WattDesk 测试消息：消息通知工作正常。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="147" />
        <location filename="../../app/ui/settings_messages.py" line="158" />
        <source>Send a test</source>
        <translation>发送测试</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="155" />
        <source>GSM modem (短信猫)</source>
        <translation>短信猫（GSM 调制解调器）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="156" />
        <source>E-mail (SMTP)</source>
        <translation>电子邮件（SMTP）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="157" />
        <source>SMS platform (HTTP gateway)</source>
        <translation>短信平台（HTTP 网关）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="208" />
        <location filename="../../app/ui/settings_messages.py" line="221" />
        <source>stored in the keyring: leave empty to keep it</source>
        <translation>已保存在密钥库中：留空则保持不变</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="210" />
        <source>only if the SIM asks for one</source>
        <translation>仅当SIM卡要求时填写</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="223" />
        <source>not stored yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="296" />
        <source>Checking…</source>
        <translation>正在检测…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="318" />
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="327" />
        <source>Sent (reference %1).</source>
        <translation>已发送（参考号 %1）。</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <location filename="../../app/ui/charts.py" line="72" />
        <source>Power (W)</source>
        <translation>功率 (W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/charts.py" line="80" />
        <source>interval average</source>
        <translation>时段平均</translation>
    </message>
    <message>
        <location filename="../../app/ui/charts.py" line="89" />
        <source>live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location filename="../../app/ui/charts.py" line="146" />
        <source>Energy per day (kWh)</source>
        <translation>每日电量 (kWh)</translation>
    </message>
</context>
<context>
    <name>CloseAccountDialog</name>
    <message>
        <location filename="../../app/ui/account_close.py" line="41" />
        <source>Close account (销户)</source>
        <translation>销户</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="42" />
        <source>Account %1 · %2 · rooms %3</source>
        <translation>账户 %1 · %2 · 房间 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="50" />
        <source>Close and refund</source>
        <translation>销户并退费</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="54" />
        <source>Platform balance: %1</source>
        <translation>系统余额：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="58" />
        <source>Meter #%1 (%2): final reading %3</source>
        <translation>电表 #%1（%2）：最终读数 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="61" />
        <source>holds %1</source>
        <translation>表内 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="63" />
        <source>To refund: %1</source>
        <translation>应退：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="71" />
        <source>Cancel and refund recharges still waiting for a meter</source>
        <translation>取消并退还仍在等待写表的充值</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="73" />
        <source>Settlement:</source>
        <translation>结算：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="74" />
        <source>Paid out by:</source>
        <translation>退款方式：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="81" />
        <source>Meters are settled as last read by the collector; a negative balance must be paid at the counter first.</source>
        <translation>电表按采集服务最后一次读数结算；余额为负时须先在收银台补缴。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="88" />
        <source>Save slip as PDF…</source>
        <translation>退费单另存为 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="107" />
        <source>Close account %1 and refund %2 by %3?</source>
        <translation>为账户 %1 销户，并以%3退还 %2？</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="120" />
        <source>Account closed; nothing to refund.</source>
        <translation>已销户；无需退费。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="123" />
        <source>Account closed. Refund slip %1.</source>
        <translation>已销户。退费单 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="140" />
        <source>Save slip</source>
        <translation>保存退费单</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_close.py" line="146" />
        <source>Slip saved: %1</source>
        <translation>退费单已保存：%1</translation>
    </message>
</context>
<context>
    <name>ContactsDialog</name>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="53" />
        <source>Message contacts (消息联系人)</source>
        <translation>消息联系人</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="54" />
        <source>Account %1 · %2</source>
        <translation>账户 %1 · %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="59" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="64" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="65" />
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="66" />
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="67" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="68" />
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="69" />
        <source>E-mail on</source>
        <translation>接收邮件</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="70" />
        <source>Which messages</source>
        <translation>接收哪些消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="78" />
        <source>Add contact</source>
        <translation>添加联系人</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="90" />
        <source>Your role may not change tenants: the list is read-only.</source>
        <translation>您的角色不能修改租户：列表为只读。</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="97" />
        <source>SMS and e-mail go only to people ticked here. Mobile numbers are Chinese mobiles (11 digits, +86 allowed). “Which messages”: none ticked means every message for tenants.</source>
        <translation>短信和邮件只发给在此勾选的人。手机号须为中国大陆手机号（11 位，可带 +86）。“接收哪些消息”：都不勾选表示接收全部租户消息。</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="151" />
        <source>All messages</source>
        <translation>全部消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="180" />
        <source>Save the message settings of %1 contact(s)?</source>
        <translation>保存 %1 位联系人的消息设置？</translation>
    </message>
    <message>
        <location filename="../../app/ui/contacts_dialog.py" line="187" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../app/ui/crash_dialog.py" line="43" />
        <source>WattDesk — unexpected error</source>
        <translation>WattDesk — 意外错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/crash_dialog.py" line="53" />
        <source>Something went wrong inside WattDesk. The program keeps running, but the action you were doing may not have finished: check it before trying again.</source>
        <translation>WattDesk 内部出现了问题。程序会继续运行，但您刚才的操作可能没有完成：请先核对结果再重试。</translation>
    </message>
    <message>
        <location filename="../../app/ui/crash_dialog.py" line="74" />
        <source>The details are written to the log folder %1. To report the problem, send the files of that folder, or press "Copy details" and paste them into your message.</source>
        <translation>详细信息已写入日志文件夹 %1。报告问题时，请发送该文件夹中的文件，或点击“复制详细信息”并粘贴到您的消息中。</translation>
    </message>
    <message>
        <location filename="../../app/ui/crash_dialog.py" line="83" />
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/crash_dialog.py" line="87" />
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/crash_dialog.py" line="117" />
        <source>%n more error(s) happened since (all are in the log).</source>
        <translation><numerusform>此后又发生了 %n 个错误（均已记入日志）。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/crash_dialog.py" line="125" />
        <source>%1 (in the background task %2)</source>
        <translation>%1（发生在后台任务 %2 中）</translation>
    </message>
</context>
<context>
    <name>CutRulesPage</name>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="44" />
        <source>No-cut rules and guaranteed supply</source>
        <translation>不拉闸规则与保电</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="46" />
        <source>No automatic cut between</source>
        <translation>不自动拉闸时段：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="55" />
        <source>No automatic cut on Saturdays and Sundays</source>
        <translation>周六、周日不自动拉闸</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="64" />
        <source>and</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="70" />
        <source>No automatic cut on these days (holidays):</source>
        <translation>以下日期不自动拉闸（节假日）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="71" />
        <source>Guaranteed supply (保电) for the whole building:</source>
        <translation>整栋楼保电：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="75" />
        <source>These rules only hold back the automatic cut of platform-side meters at the cut-off line; an operator can still cut by hand, and meter-side meters trip by themselves. A held-back cut is listed once per meter in the alarms. Changes apply at the collector's next sweep, without a restart.</source>
        <translation>这些规则只暂缓后台计费电表到达拉闸线时的自动拉闸；操作员仍可手动拉闸，表端计费电表会自行跳闸。被暂缓的拉闸会在告警中按电表列出一次。修改在采集服务下一轮检查时生效，无需重启。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="84" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="100" />
        <source>change when power may be cut</source>
        <translation>修改拉闸时间规则</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_cuts.py" line="156" />
        <source>Saved. The collector applies these rules at its next sweep.</source>
        <translation>已保存。采集服务将在下一轮检查时执行这些规则。</translation>
    </message>
</context>
<context>
    <name>DefinitionsPage</name>
    <message>
        <location filename="../../app/ui/billing.py" line="84" />
        <source>Your role (%1) may not change schemes or fee items: only an administrator.</source>
        <translation>您的角色（%1）不能修改公摊方案或收费项目，仅管理员可以。</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="89" />
        <source>Scheme</source>
        <translation>公摊方案</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="90" />
        <source>Energy shared</source>
        <translation>分摊电量</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="91" />
        <source>Shared</source>
        <translation>分摊方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="92" />
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="93" />
        <source>Cap %</source>
        <translation>封顶 %</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="94" />
        <location filename="../../app/ui/billing.py" line="110" />
        <source>From</source>
        <translation>生效</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="95" />
        <location filename="../../app/ui/billing.py" line="111" />
        <source>Until</source>
        <translation>截止</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="96" />
        <location filename="../../app/ui/billing.py" line="112" />
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="104" />
        <source>Fee item</source>
        <translation>收费项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="105" />
        <source>Charged</source>
        <translation>计费方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="106" />
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="107" />
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="108" />
        <source>Mode</source>
        <translation>收取方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="109" />
        <source>Where</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="119" />
        <source>Apportionment schemes</source>
        <translation>公摊方案</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="120" />
        <source>Fee items</source>
        <translation>收费项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="131" />
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="132" />
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="133" />
        <location filename="../../app/ui/billing.py" line="246" />
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="176" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="176" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="185" />
        <location filename="../../app/ui/billing.py" line="208" />
        <source>whole park</source>
        <translation>全园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing.py" line="243" />
        <source>Deactivate %1? Later runs leave it out; posted runs stay as they are. It cannot be activated again.</source>
        <translation>停用 %1？以后的结算不再包含它；已入账的批次保持不变。停用后不能再启用。</translation>
    </message>
</context>
<context>
    <name>DeskStandby</name>
    <message>
        <location filename="../../app/ui/desk_standby.py" line="62" />
        <source>Take over when it stops</source>
        <translation>对方停止时接替采集</translation>
    </message>
    <message>
        <location filename="../../app/ui/desk_standby.py" line="65" />
        <source>When the desk that runs the buses stops, this desk starts its collector. Only for a desk that can reach the buses (the RS-485 adapters or gateways).</source>
        <translation>采集总线的工作站停止后，本机启动采集。仅适用于能连到总线（RS-485 转换器或网关）的工作站。</translation>
    </message>
</context>
<context>
    <name>DiagnosticsWindow</name>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="69" />
        <source>Bus diagnostics</source>
        <translation>总线诊断</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="87" />
        <source>Link</source>
        <translation>总线</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="88" />
        <source>Port / URL</source>
        <translation>串口 / 地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="89" />
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="90" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="91" />
        <source>Polls/s</source>
        <translation>轮询/秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="92" />
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="93" />
        <location filename="../../app/ui/labels.py" line="128" />
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="94" />
        <location filename="../../app/ui/labels.py" line="129" />
        <source>CRC</source>
        <translation>校验错</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="95" />
        <location filename="../../app/ui/labels.py" line="130" />
        <source>Frame</source>
        <translation>帧错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="96" />
        <location filename="../../app/ui/labels.py" line="131" />
        <source>Exception</source>
        <translation>异常应答</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="97" />
        <location filename="../../app/ui/labels.py" line="133" />
        <source>Port down</source>
        <translation>端口故障</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="98" />
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="103" />
        <source>Failed transactions since the collector started; without a collector in this window: meters with misses or an error</source>
        <translation>采集服务启动以来失败的通信次数；本窗口未运行采集服务时：有漏抄或错误的电表数</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="106" />
        <source>No reply in time: a dead meter, a wrong address or a broken wire</source>
        <translation>未按时应答：电表故障、地址错误或线路断开</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="107" />
        <source>Damaged replies (CRC/checksum): wiring, termination, baud rate</source>
        <translation>应答损坏（CRC/校验和）：检查接线、终端电阻、波特率</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="108" />
        <source>Malformed or unexpected frames: noise or a second master on the bus</source>
        <translation>帧格式错误或不符：线路干扰或总线上有第二个主站</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="109" />
        <source>Exception replies: the meter does not know what the profile asks</source>
        <translation>异常应答：电表不支持表型配置所读的内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="110" />
        <source>The port or gateway failed: USB adapter, cable, network</source>
        <translation>端口或串口服务器故障：USB 转换器、线缆、网络</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="125" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="128" />
        <source>Filter: address, hex bytes or text</source>
        <translation>筛选：地址、十六进制字节或文字</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="130" />
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="133" />
        <source>Meter address</source>
        <translation>表地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="135" />
        <source>Read this meter now</source>
        <translation>立即读取此表</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="152" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="153" />
        <source>Dir</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="154" />
        <source>Frame (hex)</source>
        <translation>报文（十六进制）</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="155" />
        <source>Decoded</source>
        <translation>解析</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="156" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="181" />
        <source>Frame trace</source>
        <translation>报文监视</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="182" />
        <source>Bus scan</source>
        <translation>总线扫描</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="200" />
        <source>The collector does not run in this window: the frame trace is shown on the workstation that owns the serial ports.</source>
        <translation>本窗口未运行采集服务：报文记录请在连接串口的工作站上查看。</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="132" />
        <source>Refused by the meter</source>
        <translation>电表拒绝</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="134" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="381" />
        <source>Export frame trace</source>
        <translation>导出报文记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="381" />
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="390" />
        <source>Trace saved: %1</source>
        <translation>报文记录已保存：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="406" />
        <source>Choose a link of this workstation and type a meter address.</source>
        <translation>请选择本工作站的总线并输入表地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="413" />
        <source>Meter %1 will be read at the bus's next turn.</source>
        <translation>电表 %1 将在总线下一轮读取。</translation>
    </message>
    <message>
        <location filename="../../app/ui/diagnostics.py" line="416" />
        <source>No meter %1 on this link.</source>
        <translation>此总线上没有电表 %1。</translation>
    </message>
</context>
<context>
    <name>Events</name>
    <message>
        <location filename="../../app/ui/event_labels.py" line="44" />
        <source>bus worker stopped: %1</source>
        <translation>总线线程已停止：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_labels.py" line="46" />
        <source>bus worker stopped: %1; restarting in %2 s</source>
        <translation>总线线程已停止：%1；%2 秒后重启</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_labels.py" line="56" />
        <source>up</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_labels.py" line="63" />
        <source>bus worker restarted after: %1</source>
        <translation>总线线程已重启，原因：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_labels.py" line="66" />
        <source>down: %1</source>
        <translation>中断：%1</translation>
    </message>
</context>
<context>
    <name>FeeEditor</name>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="417" />
        <source>Fee item</source>
        <translation>收费项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="420" />
        <source>Charged</source>
        <translation>计费方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="422" />
        <source>yuan, for example 3.50</source>
        <translation>元，例如 3.50</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="423" />
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="425" />
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="426" />
        <source>Buildings or floors</source>
        <translation>楼栋或楼层</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="428" />
        <source>account numbers, for example E0100001 E0100002</source>
        <translation>账户号，例如 E0100001 E0100002</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="429" />
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="432" />
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="436" />
        <source>Day of the period</source>
        <translation>周期内第几天</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="438" />
        <source>Mode</source>
        <translation>收取方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="442" />
        <source>Bill due after (days)</source>
        <translation>账单到期（天）</translation>
    </message>
</context>
<context>
    <name>FeeForm</name>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="166" />
        <source>e.g. 垃圾费 or 物业费</source>
        <translation>例如 垃圾费、物业费</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="169" />
        <source>yuan per room</source>
        <translation>每间房的金额（元）</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="173" />
        <source>Fee item:</source>
        <translation>费用项目：</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="174" />
        <source>Amount per room:</source>
        <translation>每间金额：</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="175" />
        <source>Or an amount per room from a sheet:</source>
        <translation>或从表格导入每间房的金额：</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <location filename="../../app/ui/labels.py" line="751" />
        <source>Account closed</source>
        <translation>账户已销户</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="752" />
        <source>Tariff changed</source>
        <translation>电价已变更</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="753" />
        <source>Meter replaced</source>
        <translation>电表已更换</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="754" />
        <source>Recharged twice</source>
        <translation>两处充值</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="755" />
        <source>Not carried</source>
        <translation>不带回</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="780" />
        <source>Package %1 written to %2 (%3): %4; %5 rooms, %6 meters, %7 operators. Field receipts are numbered %800000001 and up.</source>
        <translation>现场包 %1 已写入 %2（%3）：%4；%5 个房间、%6 块电表、%7 名操作员。现场收据编号从 %800000001 开始。</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="795" />
        <source>The laptop's keystore: %1.</source>
        <translation>笔记本电脑的密钥库：%1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="801" />
        <source>Next: copy the file to the laptop, start WattDesk there with it as its database, work on site, then bring the file back here and merge it.</source>
        <translation>下一步：把文件复制到笔记本电脑，在那里以它为数据库启动 WattDesk，现场作业后把文件带回这里合并。</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="813" />
        <source>Package %1 merged: %2 recharge(s) (%3) posted with office receipts; %4 reading(s), %5 event(s) and note(s), %6 audit row(s) added.</source>
        <translation>现场包 %1 已合并：%2 笔充值（%3）已入账并开具办公室收据；新增 %4 条读数、%5 条事件和备注、%6 条审计记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="832" />
        <source>Package %1 checked: exported from this office on %2 by %3 (%4); signature, audit chain and money records verify. It brings %5 recharge(s) (%6), %7 reading(s), %8 event(s) and note(s), %9 audit row(s).</source>
        <translation>现场包 %1 校验通过：由 %3 于 %2 从本办公室导出（%4）；签名、审计链和资金记录均校验无误。带回 %5 笔充值（%6）、%7 条读数、%8 条事件和备注、%9 条审计记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="852" />
        <source>%1 conflict(s), listed below with the proposed resolution: nothing is applied until you accept.</source>
        <translation>%1 个冲突，下方列出建议的处理方式：您确认之前不会应用任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="861" />
        <source>No conflict: nothing is applied until you accept.</source>
        <translation>没有冲突：您确认之前不会应用任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="868" />
        <source>Field package %1 — buildings %2, exported %3 by %4; receipts %5…; bring it back to the office to merge</source>
        <translation>现场包 %1 — 楼栋 %2，由 %4 于 %3 导出；收据 %5…；请带回办公室合并</translation>
    </message>
</context>
<context>
    <name>FieldPackageDialog</name>
    <message>
        <location filename="../../app/ui/field_package.py" line="84" />
        <source>Field package</source>
        <translation>现场数据包</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="87" />
        <source>Export for the laptop</source>
        <translation>导出到笔记本电脑</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="88" />
        <source>Merge a package back</source>
        <translation>合并现场包</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="93" />
        <source>Only an administrator exports or merges packages.</source>
        <translation>只有管理员可以导出或合并现场包。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/field_package.py" line="102" />
        <source>%1 (%n room(s))</source>
        <translation><numerusform>%1（%n 个房间）</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="107" />
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="110" />
        <source>the package file to carry to the laptop</source>
        <translation>带到笔记本电脑上的现场包文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="112" />
        <location filename="../../app/ui/field_package.py" line="152" />
        <location filename="../../app/ui/field_package.py" line="220" />
        <location filename="../../app/ui/field_package.py" line="255" />
        <source>Package file</source>
        <translation>现场包文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="113" />
        <location filename="../../app/ui/field_package.py" line="134" />
        <location filename="../../app/ui/field_package.py" line="221" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="118" />
        <source>logins allowed on site, separated by commas (empty: every operator)</source>
        <translation>允许在现场登录的账号，用逗号分隔（留空：全部操作员）</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="120" />
        <source>Operators on site</source>
        <translation>现场操作员</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="121" />
        <source>Also write a keystore file for the laptop</source>
        <translation>同时为笔记本电脑写一个密钥库文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="133" />
        <location filename="../../app/ui/field_package.py" line="158" />
        <source>Keystore file</source>
        <translation>密钥库文件</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="136" />
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="137" />
        <source>Repeat the passphrase</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="141" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="152" />
        <source>Field package (*.sqlite)</source>
        <translation>现场包 (*.sqlite)</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="176" />
        <source>Tick at least one building and name the package file.</source>
        <translation>请至少勾选一栋楼并填写现场包文件名。</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="182" />
        <source>Name the keystore file and give its passphrase.</source>
        <translation>请填写密钥库文件名并输入口令。</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="185" />
        <source>The two passphrases differ; nothing was exported.</source>
        <translation>两次输入的口令不一致；未导出任何内容。</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="189" />
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="224" />
        <source>Check the package</source>
        <translation>校验现场包</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="234" />
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="234" />
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="234" />
        <source>Proposed resolution</source>
        <translation>建议的处理方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="243" />
        <location filename="../../app/ui/field_package.py" line="313" />
        <source>Accept and merge</source>
        <translation>确认并合并</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="255" />
        <source>Field package (*.sqlite);;All files (*)</source>
        <translation>现场包 (*.sqlite);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="265" />
        <source>Choose the package file first.</source>
        <translation>请先选择现场包文件。</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="271" />
        <source>Checking the package…</source>
        <translation>正在校验现场包…</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="290" />
        <source>Package %1 is already merged (%2 by %3): nothing changes.</source>
        <translation>现场包 %1 已合并过（%3 于 %2）：不做任何更改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="322" />
        <source>Merge package %1 into the office?</source>
        <translation>将现场包 %1 合并到办公室？</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/field_package.py" line="326" />
        <source>Its %n conflict(s) are resolved as proposed.</source>
        <translation><numerusform>其 %n 个冲突将按建议方式处理。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="330" />
        <source>Merging…</source>
        <translation>正在合并…</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_package.py" line="336" />
        <source>Another desk merged this package meanwhile.</source>
        <translation>另一台工作站已先合并了此现场包。</translation>
    </message>
</context>
<context>
    <name>FieldPortsDialog</name>
    <message>
        <location filename="../../app/ui/field_ports.py" line="45" />
        <source>Bus ports of this laptop</source>
        <translation>本机总线端口</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="50" />
        <source>Tick the buses plugged into this laptop and give each its adapter's port (e.g. /dev/ttyUSB0 or COM4). The other buses are switched off on the laptop.</source>
        <translation>勾选接到本笔记本电脑上的总线，并填写各自转换器的端口（如 /dev/ttyUSB0 或 COM4）。其余总线在笔记本上停用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="59" />
        <source>Bus</source>
        <translation>总线</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="59" />
        <source>Meters</source>
        <translation>电表数</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="59" />
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="66" />
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="72" />
        <source>Your role may not change the buses.</source>
        <translation>您的角色不能修改总线。</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="112" />
        <source>Tick at least one bus and give each ticked bus a port.</source>
        <translation>请至少勾选一条总线，并为每条勾选的总线填写端口。</translation>
    </message>
    <message>
        <location filename="../../app/ui/field_ports.py" line="123" />
        <source>Saved: %1. The other buses are off on this laptop.</source>
        <translation>已保存：%1。其余总线在本笔记本上已停用。</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="108" />
        <source>WattDesk — first administrator</source>
        <translation>WattDesk — 首位管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="111" />
        <source>This database has no operator yet. Create the first administrator: there is no built-in account or default password.</source>
        <translation>此数据库尚无操作员。请创建首位管理员：系统没有内置账号，也没有默认密码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="115" />
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="116" />
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="117" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="118" />
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="123" />
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>FirstStartPanel</name>
    <message>
        <location filename="../../app/ui/first_start.py" line="85" />
        <source>Welcome to WattDesk</source>
        <translation>欢迎使用 WattDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="88" />
        <source>The database has no park yet. Start with your own site or with the demo.</source>
        <translation>数据库中还没有园区。可以从您自己的站点开始，也可以先用演示园区。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="92" />
        <source>Import a site sheet…</source>
        <translation>导入站点表格…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="95" />
        <source>Buildings, floors, rooms, tenants and meters from a .csv or .xlsx file. You see every row, and every error, before anything is written.</source>
        <translation>从 .csv 或 .xlsx 文件导入楼栋、楼层、房间、租户和电表。写入之前会先列出每一行和每一处错误。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="98" />
        <source>Create the demo park</source>
        <translation>创建演示园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="101" />
        <source>A sample industrial park (offices, a student dormitory, a shopping street) on simulated meters: live readings start at once. Good for trying WattDesk out.</source>
        <translation>一个示例产业园（办公楼、学生公寓、商业街），使用模拟电表，实时读数立即开始。适合试用 WattDesk。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="108" />
        <source>Rooms: </source>
        <translation>房间数：</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="109" />
        <source>Rooms in the demo park</source>
        <translation>演示园区的房间数</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="112" />
        <source>The command line does the same:&lt;br&gt;&lt;code&gt;wattdesk site import FILE&lt;/code&gt; (add &lt;code&gt;--dry-run&lt;/code&gt; to check only)&lt;br&gt;&lt;code&gt;wattdesk init --demo --rooms N&lt;/code&gt;</source>
        <translation>命令行也能完成同样的操作：&lt;br&gt;&lt;code&gt;wattdesk site import 文件&lt;/code&gt;（加 &lt;code&gt;--dry-run&lt;/code&gt; 只检查不写入）&lt;br&gt;&lt;code&gt;wattdesk init --demo --rooms N&lt;/code&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="182" />
        <source>Your role may not change the site: ask an administrator to set it up.</source>
        <translation>您的角色不能修改站点：请管理员进行设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="186" />
        <source>Only an administrator creates the demo park (it holds opening balances).</source>
        <translation>只有管理员可以创建演示园区（其中含有期初余额）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="203" />
        <location filename="../../app/ui/first_start.py" line="225" />
        <source>Import a site sheet</source>
        <translation>导入站点表格</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="205" />
        <source>Site sheets (*.csv *.xlsx *.xlsm);;All files (*)</source>
        <translation>站点表格 (*.csv *.xlsx *.xlsm);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="213" />
        <source>Checking %1…</source>
        <translation>正在检查 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="239" />
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="256" />
        <source>WattDesk</source>
        <translation>WattDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="268" />
        <source>Creating the demo park…</source>
        <translation>正在创建演示园区…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="270" />
        <source>Creating the demo park with %1 rooms…</source>
        <translation>正在创建含 %1 个房间的演示园区…</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="271" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="276" />
        <source>Demo park</source>
        <translation>演示园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="315" />
        <source>Cancelled: the demo park was not created, nothing was written.</source>
        <translation>已取消：未创建演示园区，未写入任何数据。</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../app/ui/about.py" line="111" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/ui/about.py" line="112" />
        <source>About WattDesk…</source>
        <translation>关于 WattDesk…</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="384" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="387" />
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="390" />
        <source>Due</source>
        <translation>计划时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="390" />
        <source>What</source>
        <translation>动作</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="390" />
        <source>Timetable</source>
        <translation>作息表</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="390" />
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>HistoryTab</name>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="378" />
        <source>All platforms</source>
        <translation>全部平台</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="382" />
        <source>Bills and relay</source>
        <translation>账单与推送</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="388" />
        <source>Transaction, account, receipt, payer or remark</source>
        <translation>交易号、账户、收据号、付款人或备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="398" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="399" />
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="400" />
        <source>Transaction</source>
        <translation>交易号</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="401" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="402" />
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="403" />
        <source>Receipt</source>
        <translation>收据号</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="404" />
        <source>Came by</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="405" />
        <source>Payer</source>
        <translation>付款人</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="406" />
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="426" />
        <source>Paid from</source>
        <translation>缴费日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="487" />
        <source>%1 payments, %2 yuan.</source>
        <translation>%1 笔，%2 元。</translation>
    </message>
</context>
<context>
    <name>HolidaysEditor</name>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="322" />
        <source>Holiday dates of %1</source>
        <translation>%1 的节假日</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="324" />
        <source>YYYY-MM-DD, separated by commas</source>
        <translation>YYYY-MM-DD，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="334" />
        <location filename="../../app/ui/timecontrol_editor.py" line="344" />
        <source>Holiday dates</source>
        <translation>节假日</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <location filename="../../app/ui/labels.py" line="199" />
        <source>park</source>
        <translation>园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="200" />
        <source>building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="201" />
        <source>floor</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="202" />
        <source>room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="203" />
        <source>area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="204" />
        <source>tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="205" />
        <source>tenant kind</source>
        <translation>租户类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="206" />
        <source>meter address</source>
        <translation>电表地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="207" />
        <source>link</source>
        <translation>链路</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="208" />
        <source>meter profile</source>
        <translation>电表型号</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="209" />
        <source>billing mode</source>
        <translation>计费方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="210" />
        <source>meter role</source>
        <translation>电表角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="381" />
        <source>Import a site sheet — preview</source>
        <translation>导入站点表格 — 预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="400" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="423" />
        <source>Rows in the sheet: %1. To create: %2, to update: %3, unchanged: %4. Nothing is written yet.</source>
        <translation>表格行数：%1。将新建：%2，将更新：%3，无变化：%4。尚未写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="431" />
        <source>new</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="431" />
        <source>changed</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="449" />
        <location filename="../../app/ui/first_start.py" line="478" />
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="450" />
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="451" />
        <source>Park</source>
        <translation>园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="452" />
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="453" />
        <source>Floor</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="454" />
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="455" />
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="456" />
        <source>Meter</source>
        <translation>电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="457" />
        <source>Link</source>
        <translation>链路</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="458" />
        <source>Profile</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="460" />
        <source>Rows to create or update (%1)</source>
        <translation>将新建或更新的行（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="469" />
        <source>Errors: %1. Nothing can be imported: correct the sheet and choose it again. Nothing was written.</source>
        <translation>错误：%1 处。无法导入：请修改表格后重新选择。未写入任何数据。</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="478" />
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="478" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/first_start.py" line="479" />
        <source>Errors in the sheet</source>
        <translation>表格中的错误</translation>
    </message>
</context>
<context>
    <name>ImportTab</name>
    <message>
        <location filename="../../app/ui/payments.py" line="107" />
        <source>No bill chosen</source>
        <translation>未选择账单</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="108" />
        <source>Choose bill file…</source>
        <translation>选择账单文件…</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="111" />
        <source>Detect from the file</source>
        <translation>按文件识别</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="117" />
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="118" />
        <source>Transaction</source>
        <translation>交易号</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="119" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="120" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="121" />
        <source>Payer</source>
        <translation>付款人</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="122" />
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="123" />
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="124" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="125" />
        <source>Receipt</source>
        <translation>收据号</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="126" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="135" />
        <source>Credit payments</source>
        <translation>入账</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="139" />
        <source>Bill:</source>
        <translation>账单：</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="142" />
        <source>Platform:</source>
        <translation>平台：</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="157" />
        <source>Choose a WeChat Pay or Alipay bill</source>
        <translation>选择微信支付或支付宝账单</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="159" />
        <source>Bills (*.csv *.txt);;All files (*)</source>
        <translation>账单 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="230" />
        <source>Working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="270" />
        <source>account number in the remark</source>
        <translation>备注中的账户号</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="271" />
        <source>room in the remark</source>
        <translation>备注中的房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="272" />
        <source>payer seen before</source>
        <translation>已识别的付款人</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="279" />
        <source>%1 bill (%2), %3 lines.</source>
        <translation>%1账单（%2），共 %3 行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="283" />
        <source>detected from the file</source>
        <translation>按文件识别</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="283" />
        <source>chosen</source>
        <translation>手动选择</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="287" />
        <source>Will be credited</source>
        <translation>将入账</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="287" />
        <source>Credited</source>
        <translation>已入账</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="289" />
        <source>%1: %2 (%3 yuan); already credited: %4; unmatched: %5; refunds: %6.</source>
        <translation>%1：%2 笔（%3 元）；此前已入账：%4；未匹配：%5；退款：%6。</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="302" />
        <source>Skipped lines: %1</source>
        <translation>跳过的行：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="304" />
        <source>Nothing was changed yet.</source>
        <translation>尚未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="311" />
        <source>Credit %1 payments</source>
        <translation>入账 %1 笔</translation>
    </message>
</context>
<context>
    <name>KeystoreDialog</name>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="37" />
        <source>WattDesk — keystore</source>
        <translation>WattDesk — 密钥库</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="52" />
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="53" />
        <source>Repeat passphrase</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="72" />
        <source>WattDesk keeps its secrets in an encrypted keystore file on this computer. Type its passphrase to unlock it:</source>
        <translation>WattDesk 把密钥保存在本机一个加密的密钥库文件中。请输入口令以解锁：</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="76" />
        <source>This computer has no system keyring (such as GNOME Keyring or KWallet). WattDesk will keep its secrets, the key that protects the audit log and the passwords for e-mail and the database, in an encrypted file instead:</source>
        <translation>本机没有系统密钥环（如 GNOME Keyring 或 KWallet）。WattDesk 将改为把密钥（保护操作日志的密钥，以及邮件和数据库的密码）保存在一个加密文件中：</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="83" />
        <source>Choose a passphrase of at least %1 characters; it is asked at each start. It cannot be recovered: if it is forgotten, the secrets are lost and this database can no longer record changes. Write it down and keep it safe.</source>
        <translation>请设定至少 %1 个字符的口令，每次启动时都需要输入。口令无法找回：一旦忘记，密钥就会丢失，本数据库将无法再记录任何修改。请把口令记下并妥善保管。</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="98" />
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="102" />
        <source>The passphrase must have at least %1 characters.</source>
        <translation>口令至少需要 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="134" />
        <source>Wrong keystore passphrase. Try again.</source>
        <translation>密钥库口令错误，请重试。</translation>
    </message>
    <message>
        <location filename="../../app/ui/keystore_dialog.py" line="140" />
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location filename="../../app/ui/settings.py" line="113" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="123" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="131" />
        <source>The open windows keep their language; WattDesk starts in the chosen language next time. This is a choice of this workstation only.</source>
        <translation>已打开的窗口保持原语言；下次启动时使用所选语言。此设置只对本工作站有效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="141" />
        <source>WATTDESK_LANG is set on this computer (%1): it wins over this choice.</source>
        <translation>本机设置了 WATTDESK_LANG（%1）：以它为准。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="156" />
        <source>Saved: WattDesk will start in %1 next time.</source>
        <translation>已保存：下次启动将使用%1。</translation>
    </message>
</context>
<context>
    <name>LearningTab</name>
    <message>
        <location filename="../../app/ui/settings_load.py" line="378" />
        <source>name, e.g. 台式电脑</source>
        <translation>名称，如 台式电脑</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="379" />
        <source>Start learning</source>
        <translation>开始学习</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="383" />
        <source>Switch everything else in the room off, start learning, then switch the appliance on within 30 minutes: its step is whitelisted for the room under this name and the room is judged again.</source>
        <translation>先关掉房间里的其他电器，开始学习，然后在30分钟内打开该电器：它的功率阶跃以此名称加入本房间白名单，之后房间重新按规则判断。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="396" />
        <location filename="../../app/ui/settings_load.py" line="400" />
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="396" />
        <location filename="../../app/ui/settings_load.py" line="400" />
        <source>Appliance</source>
        <translation>电器</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="396" />
        <source>Started by</source>
        <translation>开始人</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="396" />
        <source>Waits until</source>
        <translation>等待至</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="400" />
        <source>ΔP (W)</source>
        <translation>ΔP（瓦）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="400" />
        <source>PF</source>
        <translation>功率因数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="401" />
        <source>Learned</source>
        <translation>学习时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="407" />
        <source>Waiting for a switch-on:</source>
        <translation>等待电器接通：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="409" />
        <source>Learned:</source>
        <translation>已学习：</translation>
    </message>
</context>
<context>
    <name>LibraryTab</name>
    <message>
        <location filename="../../app/ui/settings_load.py" line="246" />
        <source>Appliance</source>
        <translation>电器</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="246" />
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="246" />
        <source>ΔP (W)</source>
        <translation>ΔP（瓦）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="246" />
        <source>PF</source>
        <translation>功率因数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="247" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="256" />
        <source>forbidden</source>
        <translation>禁用</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="256" />
        <source>allowed</source>
        <translation>允许</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="265" />
        <source>%1 appliance classes built in (resources/appliances.toml). A whitelist entry of a room or the building wins over the library.</source>
        <translation>内置%1类电器（resources/appliances.toml）。房间或楼宇的白名单条目优先于电器库。</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <location filename="../../app/ui/settings_links.py" line="63" />
        <source>Edit link</source>
        <translation>编辑链路</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="63" />
        <source>Add a link</source>
        <translation>添加链路</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="66" />
        <source>e.g. Building 1 bus A</source>
        <translation>如 1号楼 A 总线</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="79" />
        <source>Even (E)</source>
        <translation>偶校验 (E)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="79" />
        <source>None (N)</source>
        <translation>无校验 (N)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="80" />
        <source>Odd (O)</source>
        <translation>奇校验 (O)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="90" />
        <source>Polled by the collector</source>
        <translation>由采集服务轮询</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="93" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="94" />
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="95" />
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="96" />
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="97" />
        <source>Parity</source>
        <translation>校验位</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="98" />
        <source>Stop bits</source>
        <translation>停止位</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="99" />
        <source>Reply timeout</source>
        <translation>应答超时</translation>
    </message>
</context>
<context>
    <name>LinksPage</name>
    <message>
        <location filename="../../app/ui/settings_links.py" line="144" />
        <source>Links (RS-485 buses)</source>
        <translation>链路（RS-485 总线）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="156" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="157" />
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="158" />
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="159" />
        <source>Line</source>
        <translation>串口参数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="160" />
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="161" />
        <source>Polled</source>
        <translation>轮询</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="162" />
        <source>Meters</source>
        <translation>电表数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="175" />
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="177" />
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="179" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="181" />
        <source>Restart the collector</source>
        <translation>重启采集服务</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="192" />
        <source>A changed link takes effect when the collector restarts: the running collector keeps its ports open with the settings it started with.</source>
        <translation>修改的链路在采集服务重启后生效：运行中的采集服务仍按启动时的参数占用串口。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="201" />
        <source>change links</source>
        <translation>修改链路</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="222" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="222" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="232" />
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="243" />
        <source>No link yet: add one, or import a site sheet.</source>
        <translation>尚无链路：请添加，或导入园区表格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="286" />
        <source>Saved. The collector uses the change after it restarts.</source>
        <translation>已保存。采集服务重启后使用新设置。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="288" />
        <source>Saved. The collector uses it when it next starts.</source>
        <translation>已保存。采集服务下次启动时使用。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="297" />
        <source>Remove the link %1 (%2)?</source>
        <translation>删除链路 %1（%2）？</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="304" />
        <source>Link %1 removed.</source>
        <translation>链路 %1 已删除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="309" />
        <source>Remove link</source>
        <translation>删除链路</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="314" />
        <source>The collector is restarting with the saved links…</source>
        <translation>采集服务正在按已保存的链路重启…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_links.py" line="321" />
        <source>Testing %1…</source>
        <translation>正在测试 %1…</translation>
    </message>
</context>
<context>
    <name>Live</name>
    <message>
        <location filename="../../app/ui/labels.py" line="63" />
        <source>on</source>
        <translation>合闸</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="64" />
        <source>cut</source>
        <translation>拉闸</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="65" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="75" />
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="77" />
        <source>not read yet</source>
        <translation>尚未读取</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="79" />
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="90" />
        <source>%1 s ago</source>
        <translation>%1 秒前</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="92" />
        <source>%1 min ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="94" />
        <source>%1 h ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="95" />
        <source>%1 d ago</source>
        <translation>%1 天前</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="101" />
        <source>low balance (level 1)</source>
        <translation>余额告警（一级）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="102" />
        <source>low balance (level 2, pre-trip)</source>
        <translation>余额告警（二级，预跳闸）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="103" />
        <source>at the cut-off line (level 3)</source>
        <translation>已到断电线（三级）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="688" />
        <source>Needs the manager (load control)</source>
        <translation>需宿管复位（负载控制）</translation>
    </message>
    <message>
        <location filename="../../app/ui/live.py" line="254" />
        <source>Meter offline (lost contact)</source>
        <translation>电表离线（失联）</translation>
    </message>
    <message>
        <location filename="../../app/ui/live.py" line="258" />
        <source>Power cut off</source>
        <translation>已断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/live.py" line="270" />
        <source>Guaranteed supply (no automatic cut)</source>
        <translation>保电（不自动断电）</translation>
    </message>
    <message>
        <location filename="../../app/ui/live.py" line="275" />
        <source>Vacant, yet drawing %1</source>
        <translation>空置却在用电 %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/live.py" line="283" />
        <source>%n recharge(s) waiting</source>
        <translation><numerusform>%n 笔充值待写表</numerusform></translation>
    </message>
</context>
<context>
    <name>Load</name>
    <message>
        <location filename="../../app/ui/labels.py" line="628" />
        <source>forbidden</source>
        <translation>禁用</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="629" />
        <source>allowed</source>
        <translation>允许</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="630" />
        <source>whitelisted</source>
        <translation>白名单</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="631" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="639" />
        <source>cut</source>
        <translation>断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="640" />
        <source>alarm</source>
        <translation>报警</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="641" />
        <source>message</source>
        <translation>发消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="642" />
        <source>held (guaranteed supply)</source>
        <translation>未断（保电中）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="643" />
        <source>already cut by load control</source>
        <translation>已被负载控制断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="644" />
        <source>already off (other rule)</source>
        <translation>已断电（其他规则）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="645" />
        <source>learned</source>
        <translation>学习所得</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="646" />
        <location filename="../../app/ui/labels.py" line="647" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="654" />
        <source>platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="655" />
        <source>meter</source>
        <translation>电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="662" />
        <source>malicious load (meter)</source>
        <translation>恶性负载（电表）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="663" />
        <source>overload</source>
        <translation>过载</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="664" />
        <source>over the power limit</source>
        <translation>超功率</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="671" />
        <source>Smallest step judged</source>
        <translation>最小判断阶跃</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="672" />
        <source>Resistive from power factor</source>
        <translation>阻性负载功率因数下限</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="673" />
        <source>Unknown resistive load cut from</source>
        <translation>未知阻性负载断电下限</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="674" />
        <source>Power limit (0: none)</source>
        <translation>功率限值（0：不限）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="675" />
        <source>Night power limit (0: the day's)</source>
        <translation>夜间功率限值（0：同白天）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="678" />
        <source>Night hours (from, to)</source>
        <translation>夜间时段（起，止）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="679" />
        <source>A step must last</source>
        <translation>阶跃须持续</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="680" />
        <source>Trust a step's PF from share</source>
        <translation>阶跃功率因数可信占比</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="681" />
        <source>Site time zone (UTC+)</source>
        <translation>现场时区（UTC+）</translation>
    </message>
</context>
<context>
    <name>LoadPage</name>
    <message>
        <location filename="../../app/ui/settings_load.py" line="451" />
        <source>Load control (负载控制)</source>
        <translation>负载控制</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="458" />
        <source>Building:</source>
        <translation>楼宇：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="468" />
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="469" />
        <source>Appliance library</source>
        <translation>电器库</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="470" />
        <source>Whitelist (白名单)</source>
        <translation>白名单</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="471" />
        <source>Learning mode (学习模式)</source>
        <translation>学习模式</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="477" />
        <source>change load control</source>
        <translation>修改负载控制</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="492" />
        <source>not under load control</source>
        <translation>未启用负载控制</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="519" />
        <source>Saved. The collector follows within a minute.</source>
        <translation>已保存。采集服务一分钟内生效。</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../../app/ui/lock.py" line="69" />
        <source>WattDesk is locked</source>
        <translation>WattDesk 已锁定</translation>
    </message>
    <message>
        <location filename="../../app/ui/lock.py" line="72" />
        <source>Logged in: %1. Type the password to continue.</source>
        <translation>当前登录：%1。请输入密码继续。</translation>
    </message>
    <message>
        <location filename="../../app/ui/lock.py" line="77" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="93" />
        <source>WattDesk — log in</source>
        <translation>WattDesk — 登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="94" />
        <source>Log in with your operator name and password.</source>
        <translation>请输入操作员账号和密码登录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="95" />
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="96" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="75" />
        <source>WattDesk — prepaid electricity control room</source>
        <translation>WattDesk 预付费电能管理台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="88" />
        <source>Park</source>
        <translation>园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="100" />
        <location filename="../../app/ui/main_window.py" line="414" />
        <source>Loading the park…</source>
        <translation>正在加载园区…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="125" />
        <source>Operator: %1 (%2)</source>
        <translation>操作员：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="147" />
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="150" />
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="154" />
        <source>Cashier counter (F9)</source>
        <translation>收银台（F9）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="155" />
        <source>Your role may not take money; the counter opens read-only.</source>
        <translation>您的角色不能收款；收银台以只读方式打开。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="156" />
        <source>Tariffs…</source>
        <translation>电价管理…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="157" />
        <source>Your role may not change tariffs; they open read-only.</source>
        <translation>您的角色无权修改电价，电价管理以只读方式打开。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="158" />
        <source>Refund approvals</source>
        <translation>退费审批</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="159" />
        <source>Only an administrator decides refund requests; the list opens read-only.</source>
        <translation>只有管理员可以审批退费申请；列表以只读方式打开。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="160" />
        <source>Accounts…</source>
        <translation>账户管理…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="161" />
        <source>Reports…</source>
        <translation>报表…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="162" />
        <source>Billing…</source>
        <translation>计费…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="163" />
        <source>Your role may not run billing; it opens read-only.</source>
        <translation>您的角色不能执行计费；窗口以只读方式打开。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="178" />
        <source>Bus diagnostics</source>
        <translation>总线诊断</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="181" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="185" />
        <source>Lock (Ctrl+L)</source>
        <translation>锁屏 (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="191" />
        <source>&amp;Site</source>
        <translation>园区(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="193" />
        <source>&amp;Windows</source>
        <translation>窗口(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="196" />
        <source>Import / export the site sheet…</source>
        <translation>导入/导出园区台账…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_collector.py" line="102" />
        <source>The other desk stopped; this desk runs the buses now.</source>
        <translation>另一工作站已停止采集；现由本机采集总线。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_collector.py" line="122" />
        <source>The collector did not start: %1</source>
        <translation>采集服务未能启动：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_collector.py" line="146" />
        <source>Another desk took over the collector; this desk stopped polling.</source>
        <translation>另一台工作站已接管采集服务；本机已停止轮询。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="387" />
        <source>Daily backup written: %1</source>
        <translation>每日备份已写入：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="394" />
        <source>Daily backup failed: %1</source>
        <translation>每日备份失败：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="428" />
        <source>%n room(s) loaded</source>
        <translation><numerusform>已加载 %n 个房间</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="474" />
        <source>Could not load the park: %1</source>
        <translation>无法加载园区：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="482" />
        <source>&lt;p&gt;%1 buildings · %2 rooms · %3 let · %4 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 栋楼 · %2 个房间 · 已租 %3 · 空置 %4&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="486" />
        <source>&lt;p&gt;Choose a building or a floor to see its room wall.&lt;/p&gt;</source>
        <translation>&lt;p&gt;选择楼栋或楼层以查看其房间墙。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="509" />
        <source>&lt;p&gt;%1 rooms · %2 let · %3 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 个房间 · 已租 %2 · 空置 %3&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="76" />
        <source>Batches…</source>
        <translation>批量任务…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="79" />
        <source>Time control…</source>
        <translation>时间控制…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="84" />
        <source>Your role may not change timetables; they open read-only.</source>
        <translation>您的角色不能修改作息表；以只读方式打开。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="88" />
        <source>Messages…</source>
        <translation>消息记录…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="91" />
        <source>Online payments…</source>
        <translation>线上缴费…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="96" />
        <source>Your role may not take payments; the window opens read-only.</source>
        <translation>您的角色不能收款；窗口以只读方式打开。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="101" />
        <source>Field package…</source>
        <translation>现场数据包…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="107" />
        <source>Only an administrator exports or merges field packages.</source>
        <translation>只有管理员可以导出或合并现场包。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="142" />
        <source>Field package</source>
        <translation>现场数据包</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="152" />
        <source>Bus ports…</source>
        <translation>总线端口…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_batches.py" line="183" />
        <source>WattDesk — field package %1</source>
        <translation>WattDesk — 现场包 %1</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../app/ui/labels.py" line="534" />
        <source>Low balance (余额不足)</source>
        <translation>余额不足</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="535" />
        <source>Power will be cut soon (即将断电)</source>
        <translation>即将断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="536" />
        <source>Power cut (已断电)</source>
        <translation>已断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="537" />
        <source>Power restored (已恢复供电)</source>
        <translation>已恢复供电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="538" />
        <source>Recharge credited (充值到账)</source>
        <translation>充值到账</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="539" />
        <source>Meter-side recharge still pending (staff)</source>
        <translation>表端充值仍未完成（员工）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="542" />
        <source>Bill issued (账单)</source>
        <translation>账单已出</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="543" />
        <source>Bill overdue (逾期)</source>
        <translation>账单逾期</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="544" />
        <source>Meter offline (staff)</source>
        <translation>电表离线（员工）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="545" />
        <source>Daily summary (staff)</source>
        <translation>每日汇总（员工）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="547" />
        <source>Forbidden appliance cut (违规电器断电)</source>
        <translation>违规电器断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="550" />
        <source>Dormitory load alarm (staff)</source>
        <translation>宿舍违规用电（员工）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="560" />
        <source>None (port 25, inside the office only)</source>
        <translation>不加密（端口 25，仅限办公室内网）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="561" />
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS（端口 587）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="562" />
        <source>SSL/TLS (port 465)</source>
        <translation>SSL/TLS（端口 465）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="569" />
        <source>Chinese (UCS2)</source>
        <translation>中文（UCS2）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="571" />
        <source>Latin (GSM 7-bit)</source>
        <translation>英文（GSM 7 位）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="574" />
        <source>%1 · %2 SMS · %3 characters left in the last part</source>
        <translation>%1 · 共 %2 条短信 · 最后一条还可写 %3 个字符</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="585" />
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="586" />
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="587" />
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="588" />
        <source>delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="589" />
        <source>failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="590" />
        <source>may have been sent</source>
        <translation>可能已发送</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="599" />
        <source>low balance</source>
        <translation>余额不足</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="600" />
        <source>power will be cut</source>
        <translation>即将断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="601" />
        <source>power cut</source>
        <translation>已断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="602" />
        <source>power restored</source>
        <translation>已恢复供电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="603" />
        <source>recharge credited</source>
        <translation>充值到账</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="604" />
        <source>recharge pending</source>
        <translation>充值未写入电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="605" />
        <source>bill issued</source>
        <translation>缴费通知</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="606" />
        <source>bill overdue</source>
        <translation>账单逾期</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="607" />
        <source>meter offline</source>
        <translation>电表离线</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="608" />
        <source>daily summary</source>
        <translation>每日汇总</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="609" />
        <source>typed by an operator</source>
        <translation>人工发送</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="610" />
        <source>forbidden appliance cut</source>
        <translation>违规电器断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="611" />
        <source>dormitory load alarm</source>
        <translation>宿舍违规用电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="618" />
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="619" />
        <source>e-mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="620" />
        <source>SMS gateway</source>
        <translation>短信平台</translation>
    </message>
</context>
<context>
    <name>MessagesPage</name>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="350" />
        <source>Messages (消息通知)</source>
        <translation>消息通知</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="359" />
        <source>Channels</source>
        <translation>发送通道</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="360" />
        <source>Rules and quiet hours</source>
        <translation>规则与免打扰时段</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="361" />
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="362" />
        <source>Staff contacts</source>
        <translation>员工联系方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="364" />
        <source>Save channels and rules</source>
        <translation>保存通道和规则</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="373" />
        <source>change how messages are sent</source>
        <translation>修改消息发送设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="383" />
        <source>send messages</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="425" />
        <source>Saved. The senders follow now on this desk and within a minute on the desk that runs the collector; rules and quiet hours apply within a minute.</source>
        <translation>已保存。本机的发送程序立即按新设置工作，运行采集服务的工作站在一分钟内跟上；规则和免打扰时段在一分钟内生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_messages.py" line="430" />
        <source>%1 messages wait for channel %2, which is not set up: they stay queued and go out when it is set up again.</source>
        <translation>有 %1 条消息在等待渠道 %2，该渠道已不再设置：这些消息保留在待发队列中，重新设置该渠道后即发出。</translation>
    </message>
</context>
<context>
    <name>MessagesWindow</name>
    <message>
        <location filename="../../app/ui/messages.py" line="94" />
        <source>%1 of %2 parts delivered</source>
        <translation>已送达 %1/%2 段</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="118" />
        <source>Messages</source>
        <translation>消息记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="133" />
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="140" />
        <location filename="../../app/ui/messages.py" line="256" />
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="141" />
        <location filename="../../app/ui/messages.py" line="258" />
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="145" />
        <source>Filter by recipient, room, account or text</source>
        <translation>按接收人、房间、账户或内容筛选</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="154" />
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="155" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="156" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="157" />
        <source>Recipient</source>
        <translation>接收人</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="158" />
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="159" />
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="160" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="161" />
        <source>Parts</source>
        <translation>条数</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="162" />
        <source>Reference</source>
        <translation>回执编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="170" />
        <source>Resend…</source>
        <translation>重新发送…</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="173" />
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="176" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="187" />
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="188" />
        <source>Channel:</source>
        <translation>渠道：</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="189" />
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="202" />
        <source>Message text:</source>
        <translation>消息内容：</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="297" />
        <source>%1 messages shown</source>
        <translation>显示 %1 条消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="329" />
        <source>Your role may not send messages: ask an operator or an administrator.</source>
        <translation>您的角色不能发送消息：请联系操作员或管理员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="334" />
        <source>Only a failed message, or one that may have been sent, is sent again.</source>
        <translation>只有发送失败或可能已发送的消息才能重新发送。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="363" />
        <source>Message %1 to %2 may have been sent: the sender stopped, or the line broke, after handing it over. Sending it again may deliver it twice. Ask the recipient first. Send it again?</source>
        <translation>发给 %2 的消息 %1 可能已经发出：发送程序在交出消息后停止，或线路中断。再次发送可能让对方收到两次。请先向接收人核实。仍要重新发送吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="368" />
        <source>Send message %1 to %2 again?</source>
        <translation>重新发送消息 %1 给 %2 吗？</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="383" />
        <source>Message %1 is queued again for %2.</source>
        <translation>消息 %1 已重新排队，发给 %2。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="391" />
        <source>Resend a message</source>
        <translation>重新发送消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="397" />
        <source>Export the messages</source>
        <translation>导出消息记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="398" />
        <source>messages.xlsx</source>
        <translation>消息记录.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="399" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="422" />
        <source>Written: %1</source>
        <translation>已写入：%1</translation>
    </message>
</context>
<context>
    <name>OpenAccountDialog</name>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="195" />
        <source>Pre-set account (预设账户)</source>
        <translation>预设账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="195" />
        <source>Open account (开户)</source>
        <translation>开户</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="197" />
        <source>Prepare an account now; it opens later with one click.</source>
        <translation>现在准备账户，以后一键开通。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="199" />
        <source>A tenant gets an account over one or more vacant rooms (一户多表).</source>
        <translation>为租户开一个账户，可含一个或多个空置房间（一户多表）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="204" />
        <source>Pre-set</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="204" />
        <source>Open account</source>
        <translation>开户</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="212" />
        <source>Filter rooms: building or number</source>
        <translation>筛选房间：楼栋或房号</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="219" />
        <source>(as assigned today)</source>
        <translation>（沿用当前电价）</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="222" />
        <source>(keep the meters' mode)</source>
        <translation>（保持电表现有方式）</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="232" />
        <source>site default</source>
        <translation>园区默认</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="233" />
        <source>Tenant:</source>
        <translation>租户：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="234" />
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="235" />
        <source>Rooms:</source>
        <translation>房间：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="237" />
        <source>Tariff:</source>
        <translation>电价：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="238" />
        <source>Billing mode:</source>
        <translation>计费方式：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="239" />
        <source>Level 1, warn (yuan):</source>
        <translation>一级告警（元）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="240" />
        <source>Level 2, pre-trip (yuan):</source>
        <translation>二级告警，预跳闸（元）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="241" />
        <source>Level 3, cut below zero by (yuan):</source>
        <translation>三级：低于零多少拉闸（元）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="252" />
        <source>Your role may not assign tariffs.</source>
        <translation>您的角色不能分配电价。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="257" />
        <source>Your role may not change meters.</source>
        <translation>您的角色不能修改电表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="261" />
        <source>Your role may not write meter parameters.</source>
        <translation>您的角色不能写电表参数。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="267" />
        <source>Only an administrator sets an overdraft limit.</source>
        <translation>只有管理员可以设置透支额度。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="271" />
        <source>Levels 1 and 2 are written to meter-side meters; platform-side meters follow the site's levels (Settings). Level 3 is the cut-off: the account may go this far below zero (overdraft limit).</source>
        <translation>一、二级告警写入表端计费电表；后台计费电表沿用园区告警线（设置）。三级为拉闸线：账户最多可低于零这么多（透支额度）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="283" />
        <source>%1 (meters: %2)</source>
        <translation>%1（%2 块表）</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="316" />
        <source>level 1</source>
        <translation>一级</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="317" />
        <source>level 2</source>
        <translation>二级</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="318" />
        <source>level 3</source>
        <translation>三级</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="329" />
        <source>Give the tenant's name and tick at least one room.</source>
        <translation>请填写租户名称并至少勾选一个房间。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="332" />
        <source>Pre-set an account for %1 over %2 room(s)?</source>
        <translation>为 %1 预设账户，共 %2 个房间？</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="334" />
        <source>Open an account for %1 over %2 room(s)?</source>
        <translation>为 %1 开户，共 %2 个房间？</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="344" />
        <source>Pre-set account %1 is ready: open it with one click when %2 moves in.</source>
        <translation>预设账户 %1 已就绪：%2 入住时一键开通。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="346" />
        <source>Account %1 is open for %2.</source>
        <translation>已为 %2 开通账户 %1。</translation>
    </message>
</context>
<context>
    <name>OpenBillsPanel</name>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="57" />
        <source>Open bills</source>
        <translation>待缴账单</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="61" />
        <source>Bill</source>
        <translation>账单</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="61" />
        <source>Due</source>
        <translation>缴费期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="61" />
        <source>Owed</source>
        <translation>欠款</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="61" />
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="71" />
        <source>Pay bill…</source>
        <translation>缴纳账单…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="106" />
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="117" />
        <source>Open bills (%1)</source>
        <translation>待缴账单（%1）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier_bills.py" line="138" />
        <source>Take %1 by %2 for bill %3 of %4?</source>
        <translation>以%2收取 %4 的账单 %3 共 %1？</translation>
    </message>
</context>
<context>
    <name>ParamsDialog</name>
    <message>
        <location filename="../../app/ui/meter_params.py" line="75" />
        <source>Alarm levels</source>
        <translation>告警金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="75" />
        <source>Meter prices</source>
        <translation>电表电价</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="78" />
        <source>Room %1 · tenant %2 · meter %3</source>
        <translation>房间 %1 · 租户 %2 · 电表 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="80" />
        <location filename="../../app/ui/meter_params.py" line="209" />
        <source>(vacant)</source>
        <translation>（空置）</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="90" />
        <source>Alarm level 1, warn (一级告警), yuan</source>
        <translation>一级告警（提醒），元</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="91" />
        <source>Alarm level 2, pre-trip (二级告警), yuan</source>
        <translation>二级告警（预跳闸），元</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="92" />
        <source>Maximum balance (囤积限额), yuan</source>
        <translation>囤积限额，元</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="95" />
        <source>The meter warns at level 1, warns again at level 2 and cuts the supply by itself when its balance reaches zero (less its overdraft): that cut-off line belongs to the meter model and is not written from here. Leave a field empty to keep the meter's value.</source>
        <translation>电表在一级告警金额时提醒，二级告警金额时再次提醒，余额降到零（减去透支额度）时自行拉闸：该断电线由电表型号决定，不在此写入。留空的项保持电表原值。</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="101" />
        <source>, yuan/kWh</source>
        <translation>，元/kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="105" />
        <source>Prefilled with the prices of tariff %1 in force now. The meter charges its balance with these prices; leave a field empty to keep the meter's.</source>
        <translation>已按当前生效的电价方案 %1 填入。电表按这些电价扣减余额；留空的项保持电表原值。</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="109" />
        <source>No tariff applies to this meter; type the prices.</source>
        <translation>此电表没有适用的电价方案，请输入电价。</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="113" />
        <source>The tariff's tiered blocks cannot be held by the meter: it charges the band prices only.</source>
        <translation>电表无法执行该方案的阶梯电价：电表只按各时段电价扣费。</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="130" />
        <source>Send to the meter</source>
        <translation>下发到电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="134" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="161" />
        <source>%1: %2 is not a number.</source>
        <translation>%1：%2 不是数字。</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="165" />
        <source>%1: must be zero or more, not %2.</source>
        <translation>%1：不能小于零，实际为 %2。</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="172" />
        <source>%1: at most %2 decimals (%3).</source>
        <translation>%1：最多 %2 位小数（%3）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="179" />
        <source>Fill in at least one value.</source>
        <translation>请至少填写一项。</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="183" />
        <source>%1: must not be above level 1 (%2).</source>
        <translation>%1：不能高于一级告警金额（%2）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="190" />
        <source>%1: must be above alarm level 1 (%2).</source>
        <translation>%1：必须高于一级告警金额（%2）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="205" />
        <source>Write %1 to meter %2 of room %3, tenant %4?
%5</source>
        <translation>将%1写入房间 %3（租户 %4）的电表 %2？
%5</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="229" />
        <source>Refused: %1</source>
        <translation>被拒绝：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/meter_params.py" line="236" />
        <source>Confirm meter command</source>
        <translation>确认电表命令</translation>
    </message>
</context>
<context>
    <name>ParamsForm</name>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="58" />
        <source>keep the meter's value</source>
        <translation>保留电表原值</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="78" />
        <source>Written to meter-side meters (表端计费), which keep their own balance, prices and alarm lines. Leave a field empty to keep the meter's value.</source>
        <translation>写入表端计费电表：这类电表自行保存余额、电价和告警线。留空的字段保留电表原值。</translation>
    </message>
</context>
<context>
    <name>ParkPage</name>
    <message>
        <location filename="../../app/ui/settings_site.py" line="58" />
        <source>Park details for receipts</source>
        <translation>收据上的园区信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="66" />
        <source>e.g. the property management company</source>
        <translation>如 物业管理公司</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="68" />
        <source>e.g. Keep this receipt. Thank you.</source>
        <translation>如 请妥善保管本收据，谢谢。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="70" />
        <source>Park</source>
        <translation>园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="71" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="72" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="73" />
        <source>Service phone</source>
        <translation>服务电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="74" />
        <source>Issued by</source>
        <translation>开票单位</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="75" />
        <source>Footer line</source>
        <translation>页脚</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="83" />
        <source>The top of a receipt will read:</source>
        <translation>收据抬头将显示为：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="85" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="97" />
        <source>change the receipt header</source>
        <translation>修改收据抬头</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="115" />
        <source>The database has no park yet.</source>
        <translation>数据库中还没有园区。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_site.py" line="168" />
        <source>Saved. Receipts issued from now on print this header.</source>
        <translation>已保存。此后开出的收据使用此抬头。</translation>
    </message>
</context>
<context>
    <name>ParkTree</name>
    <message>
        <location filename="../../widgets/park_tree.py" line="116" />
        <source>Search room, tenant, pinyin initials or meter address</source>
        <translation>搜索房间、租户、拼音首字母或电表地址</translation>
    </message>
</context>
<context>
    <name>Payments</name>
    <message>
        <location filename="../../app/ui/labels.py" line="697" />
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="698" />
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="705" />
        <source>credited</source>
        <translation>已入账</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="706" />
        <source>already credited</source>
        <translation>此前已入账</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="707" />
        <source>unmatched</source>
        <translation>未匹配</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="708" />
        <source>refund (reported)</source>
        <translation>退款（仅报告）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="709" />
        <source>refused (key conflict)</source>
        <translation>已拒绝（幂等键冲突）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="716" />
        <source>will be credited</source>
        <translation>将入账</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="722" />
        <source>bill import</source>
        <translation>账单导入</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="723" />
        <source>relay notification</source>
        <translation>支付推送</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="730" />
        <source>missing in the ledger</source>
        <translation>账本中缺失</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="731" />
        <source>amount differs</source>
        <translation>金额不符</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="732" />
        <source>in the ledger only</source>
        <translation>仅账本中有</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="733" />
        <source>bill summary differs</source>
        <translation>账单汇总不符</translation>
    </message>
</context>
<context>
    <name>PaymentsPage</name>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="42" />
        <source>Online payments (线上缴费)</source>
        <translation>线上缴费</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="47" />
        <source>The payment relay's endpoint is off unless it is started on the desk that should receive notifications, with the address the relay calls (this desk only, or a LAN address):</source>
        <translation>支付推送接口默认关闭；需在接收通知的工作站上用支付中转调用的地址（仅本机或局域网地址）启动：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="62" />
        <source>At least 16 characters, as the relay has it</source>
        <translation>至少 16 个字符，与支付中转一致</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="63" />
        <source>Store the shared secret</source>
        <translation>保存共享密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="67" />
        <source>Shared secret:</source>
        <translation>共享密钥：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="71" />
        <source>A running endpoint reads the secret when it starts: restart it.</source>
        <translation>正在运行的接口只在启动时读取密钥：请重启它。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="77" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="78" />
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="79" />
        <source>Transaction</source>
        <translation>交易号</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="80" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="81" />
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="82" />
        <source>Receipt</source>
        <translation>收据号</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="91" />
        <source>Last payments notified by the relay:</source>
        <translation>最近的支付推送：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="96" />
        <source>change the payment relay's secret</source>
        <translation>更改支付中转的密钥</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="105" />
        <source>A shared secret is stored in the keyring.</source>
        <translation>共享密钥已保存在密钥库中。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="107" />
        <source>No shared secret is stored yet: the endpoint will not start.</source>
        <translation>尚未保存共享密钥：接口无法启动。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_payments.py" line="129" />
        <source>Stored. Restart a running endpoint (payment serve) to use it.</source>
        <translation>已保存。请重启正在运行的接口（payment serve）以使用新密钥。</translation>
    </message>
</context>
<context>
    <name>PaymentsWindow</name>
    <message>
        <location filename="../../app/ui/payments.py" line="329" />
        <source>Online payments</source>
        <translation>线上缴费</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="337" />
        <source>Import a bill</source>
        <translation>导入账单</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="338" />
        <source>Unmatched</source>
        <translation>未匹配</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="339" />
        <source>Reconciliation</source>
        <translation>对账</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="340" />
        <source>History</source>
        <translation>缴费记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments.py" line="356" />
        <source>Your role may not take payments: you can read the lists and the reconciliation (finance staff also preview a bill), but only a cashier or an administrator credits or assigns.</source>
        <translation>您的角色不能收款：可以查看列表和对账（财务人员还可以预览账单），但只有收银员或管理员可以入账或指定账户。</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="89" />
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="90" />
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="92" />
        <source>Errors</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>ReconcileTab</name>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="218" />
        <source>The bill read on the Import tab</source>
        <translation>导入页读取的账单</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="220" />
        <source>A period:</source>
        <translation>时间段：</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="223" />
        <source>Platform…</source>
        <translation>平台…</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="232" />
        <source>Reconcile</source>
        <translation>对账</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="235" />
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="245" />
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="246" />
        <source>Transaction</source>
        <translation>交易号</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="247" />
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="248" />
        <source>Ledger</source>
        <translation>账本</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="249" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="287" />
        <source>Read a bill on the Import tab first.</source>
        <translation>请先在导入页读取账单。</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="303" />
        <source>%1: platform %2 payments, %3 yuan; ledger %4 recharges, %5 yuan.</source>
        <translation>%1：平台 %2 笔，%3 元；账本 %4 笔充值，%5 元。</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="309" />
        <source>Refunds in the bill: %1, %2 yuan (never reversed by themselves).</source>
        <translation>账单中的退款：%1 笔，%2 元（不会自动冲正）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="315" />
        <source>Period %1 to %2</source>
        <translation>期间 %1 至 %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="317" />
        <source>Balanced.</source>
        <translation>账平。</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="319" />
        <source>Differences: %1.</source>
        <translation>差异：%1 处。</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="338" />
        <source>Export the reconciliation</source>
        <translation>导出对账结果</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <location filename="../../app/ui/room_actions.py" line="83" />
        <source>Refund (退费)</source>
        <translation>退费</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="85" />
        <source>Room %1 · tenant %2 · account %3</source>
        <translation>房间 %1 · 租户 %2 · 账户 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="87" />
        <location filename="../../app/ui/room_actions.py" line="229" />
        <source>(vacant)</source>
        <translation>（空置）</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="93" />
        <source>Reading the account…</source>
        <translation>正在读取账户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="102" />
        <source>e.g. moving out, paid twice</source>
        <translation>例如：退租、重复缴费</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="104" />
        <source>Amount (yuan):</source>
        <translation>金额（元）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="105" />
        <source>Paid out by:</source>
        <translation>退款方式：</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="106" />
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="108" />
        <source>Administrator approval</source>
        <translation>管理员审批</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="114" />
        <source>administrator's login</source>
        <translation>管理员登录名</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="119" />
        <source>Administrator:</source>
        <translation>管理员：</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="120" />
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="121" />
        <source>No administrator here: send for approval</source>
        <translation>管理员不在：提交审批</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="126" />
        <source>Nothing is paid now: an administrator approves or rejects the request later (Refund approvals), and the refund is then made in your name and shift.</source>
        <translation>现在不付款：管理员稍后在“退费审批”中批准或驳回，批准后以您的名义记入您的班次退费。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="141" />
        <source>Refund</source>
        <translation>退费</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="146" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="168" />
        <source>This room has no tenant account: nothing to refund.</source>
        <translation>此房间没有租户账户，无可退金额。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="172" />
        <source>Refundable from the account: %1. Money held on a meter-side meter is paid back when the account is closed.</source>
        <translation>账户可退金额：%1。表端计费电表内的余额在销户时退还。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="179" />
        <source>Above %1 a refund needs an administrator's approval: the administrator types their login and password here (not the person asking for the refund).</source>
        <translation>退费超过 %1 需要管理员审批：由管理员（而非申请退费的人）在此输入登录名和密码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="206" />
        <location filename="../../app/ui/room_actions.py" line="253" />
        <source>Amount: %1</source>
        <translation>金额：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="210" />
        <location filename="../../app/ui/room_actions.py" line="257" />
        <source>Reason: say why the money is paid back (it goes in the log).</source>
        <translation>原因：请说明退费原因（将记入操作日志）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="217" />
        <source>Administrator approval: %1 is above %2, so an administrator must type their login and password.</source>
        <translation>管理员审批：%1 超过 %2，须由管理员输入登录名和密码。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="226" />
        <source>Refund %1 by %2 to tenant %3 of room %4?</source>
        <translation>以%2向房间 %4 的租户 %3 退费 %1？</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="242" />
        <source>Refunding…</source>
        <translation>正在退费…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="273" />
        <source>Request %1 for %2 sent: an administrator decides it in Refund approvals; nothing was paid yet.</source>
        <translation>已提交申请 %1（%2）：由管理员在“退费审批”中处理；尚未付款。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="283" />
        <source>Not sent: %1</source>
        <translation>未提交：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="290" />
        <source>Refund slip %1: %2 paid out by %3. The account balance is now %4.</source>
        <translation>退费凭证 %1：已以%3退还 %2。账户余额现为 %4。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="308" />
        <source>Not refunded: %1</source>
        <translation>未退费：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="315" />
        <source>Confirm refund</source>
        <translation>确认退费</translation>
    </message>
</context>
<context>
    <name>ReportForm</name>
    <message>
        <location filename="../../app/ui/report_form.py" line="112" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="114" />
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="115" />
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="116" />
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="128" />
        <source>all methods</source>
        <translation>全部方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="131" />
        <source>all kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="135" />
        <source>any cashier (login)</source>
        <translation>全部收银员（登录名）</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="146" />
        <source>As a cashier you see only your own orders (%1).</source>
        <translation>您是收银员，只能查看自己经手的订单（%1）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="174" />
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="154" />
        <source>Grouping</source>
        <translation>汇总方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="175" />
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="176" />
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="177" />
        <source>Orders</source>
        <translation>订单筛选</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="232" />
        <source>No report is chosen.</source>
        <translation>未选择报表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="330" />
        <source>account number</source>
        <translation>账户编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/report_form.py" line="371" />
        <source>Type or choose an account number.</source>
        <translation>请输入或选择账户编号。</translation>
    </message>
</context>
<context>
    <name>ReportsWindow</name>
    <message>
        <location filename="../../app/ui/labels.py" line="218" />
        <source>by day</source>
        <translation>按日</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="219" />
        <source>by month</source>
        <translation>按月</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="220" />
        <source>by year</source>
        <translation>按年</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="227" />
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="228" />
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="229" />
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="230" />
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="237" />
        <source>Whole park</source>
        <translation>整个园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="238" />
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="239" />
        <source>Floor</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="240" />
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="247" />
        <source>online</source>
        <translation>线上支付</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="254" />
        <source>recharge</source>
        <translation>充值</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="255" />
        <source>refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="256" />
        <source>reversal</source>
        <translation>冲正</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="257" />
        <source>adjustment</source>
        <translation>调整</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="258" />
        <source>fee deduction</source>
        <translation>扣费</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="265" />
        <source>per room</source>
        <translation>按房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="266" />
        <source>per account</source>
        <translation>按账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="267" />
        <source>per floor</source>
        <translation>按楼层</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="268" />
        <source>per building</source>
        <translation>按楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="269" />
        <source>the whole park</source>
        <translation>整个园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="270" />
        <source>energy (kWh)</source>
        <translation>电量（kWh）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="271" />
        <source>income (yuan)</source>
        <translation>收入（元）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="119" />
        <location filename="../../app/ui/reports.py" line="281" />
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="158" />
        <source>Run report</source>
        <translation>生成报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="161" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="166" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="173" />
        <source>One sheet per building (XLSX)</source>
        <translation>每栋一个工作表（XLSX）</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="221" />
        <source>Running the report…</source>
        <translation>正在生成报表…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="233" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="254" />
        <source>The report was cancelled; nothing is shown.</source>
        <translation>报表已取消，未显示任何结果。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="261" />
        <source>The report failed: %1</source>
        <translation>报表生成失败：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="270" />
        <source>Could not read the park: %1</source>
        <translation>无法读取园区：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="281" />
        <source>Reports — your own orders</source>
        <translation>报表 — 仅本人订单</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="287" />
        <source>Your role may not read any of these reports.</source>
        <translation>您的角色无权查看这些报表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="296" />
        <source>%1 subtotal</source>
        <translation>%1 小计</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="328" />
        <source>No data in this period.</source>
        <translation>本时段无数据。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="336" />
        <source>whole park</source>
        <translation>整个园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="338" />
        <source>only your own orders</source>
        <translation>仅本人订单</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="366" />
        <source>Export is not available in this version.</source>
        <translation>此版本尚不支持导出。</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="370" />
        <source>Export the report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="375" />
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="391" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/reports.py" line="395" />
        <source>The file was not written: %1</source>
        <translation>文件未写入：%1</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../app/ui/labels.py" line="42" />
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="43" />
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="44" />
        <source>cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="45" />
        <source>auditor</source>
        <translation>审计员</translation>
    </message>
</context>
<context>
    <name>RoomActions</name>
    <message>
        <location filename="../../app/ui/labels.py" line="150" />
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="151" />
        <source>bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="152" />
        <source>bank transfer</source>
        <translation>转账</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="153" />
        <source>QR payment</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="341" />
        <source>Refund…</source>
        <translation>退费…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="344" />
        <source>Alarm levels…</source>
        <translation>告警金额…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="347" />
        <source>Meter prices…</source>
        <translation>电表电价…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="357" />
        <source>Account…</source>
        <translation>账户…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="388" />
        <source>Your role (%1) may not refund: ask a cashier.</source>
        <translation>您的角色（%1）无权退费：请找收银员办理。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="392" />
        <source>A vacant room has no account.</source>
        <translation>空置房间没有账户。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="398" />
        <source>Your role (%1) may not write meter parameters: ask an operator.</source>
        <translation>您的角色（%1）无权写电表参数：请找操作员办理。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="403" />
        <source>This room has no meter.</source>
        <translation>此房间没有电表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="407" />
        <source>Platform-side meter: WattDesk applies the tariff and the site's alarm levels itself; nothing to write to the meter.</source>
        <translation>后台计费电表：电价和告警金额由系统按园区规则执行，无需写入电表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="464" />
        <source>%1: queued…</source>
        <translation>%1：已排队…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="494" />
        <source>waiting for the meter</source>
        <translation>等待电表响应</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="494" />
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="495" />
        <source>%1: %2…</source>
        <translation>%1：%2…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="502" />
        <source>%1: done. The meter reports: %2.</source>
        <translation>%1：已完成。电表回报：%2。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_actions.py" line="508" />
        <source>%1: %2. %3</source>
        <translation>%1：%2。%3</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="140" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="141" />
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="142" />
        <source>cancelled</source>
        <translation>已撤销</translation>
    </message>
</context>
<context>
    <name>RoomDetailPanel</name>
    <message>
        <location filename="../../app/ui/room_detail.py" line="84" />
        <source>◀ Room wall</source>
        <translation>◀ 房间墙</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="91" />
        <source>Recharge… (F9)</source>
        <translation>充值…（F9）</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="98" />
        <source>Your role may not take money: ask a cashier.</source>
        <translation>您的角色不能收款：请找收银员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="116" />
        <source>Cut power</source>
        <translation>拉闸断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="117" />
        <source>Restore power</source>
        <translation>合闸送电</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="118" />
        <source>Guaranteed supply on</source>
        <translation>开启保电</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="119" />
        <source>Guaranteed supply off</source>
        <translation>解除保电</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="121" />
        <source>Meter:</source>
        <translation>电表：</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="142" />
        <source>Your role (%1) may not switch relays: ask an operator or an administrator.</source>
        <translation>您的角色（%1）无权拉合闸：请联系操作员或管理员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="155" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="155" />
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="155" />
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="164" />
        <source>Trends</source>
        <translation>趋势</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="165" />
        <source>Recent events</source>
        <translation>最近事件</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="167" />
        <source>Messages</source>
        <translation>消息记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="169" />
        <source>Load control</source>
        <translation>负载控制</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="207" />
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="231" />
        <source>Could not read the room: %1</source>
        <translation>无法读取房间：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="252" />
        <source>Tenant: %1 · account %2 · %3 %4</source>
        <translation>租户：%1 · 账户 %2 · %3 %4</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="260" />
        <source>Vacant room: no account</source>
        <translation>空置房间：无账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="282" />
        <source>on the meter</source>
        <translation>表内</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="282" />
        <source>account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="284" />
        <source>Balance %1 (%2)</source>
        <translation>剩余金额 %1（%2）</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="292" />
        <source>today %1 kWh %2</source>
        <translation>今日 %1 kWh %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="298" />
        <source>this month %1 kWh %2</source>
        <translation>本月 %1 kWh %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="303" />
        <source>about %1 days left</source>
        <translation>约可用 %1 天</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="307" />
        <source>free energy %1 of %2 kWh used</source>
        <translation>基础电量已用 %1 / %2 kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="318" />
        <source>Voltage A / B / C</source>
        <translation>电压 A / B / C 相</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="318" />
        <source>Current A / B / C</source>
        <translation>电流 A / B / C 相</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="318" />
        <source>Power A / B / C</source>
        <translation>功率 A / B / C 相</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="323" />
        <source>Bus</source>
        <translation>总线</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="324" />
        <source>Billing</source>
        <translation>计费方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="325" />
        <location filename="../../app/ui/room_detail.py" line="356" />
        <source>Online</source>
        <translation>在线状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="326" />
        <source>Last seen</source>
        <translation>最近通讯</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="327" />
        <location filename="../../app/ui/room_detail.py" line="343" />
        <source>Voltage</source>
        <translation>电压</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="328" />
        <location filename="../../app/ui/room_detail.py" line="343" />
        <source>Current</source>
        <translation>电流</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="329" />
        <source>Power</source>
        <translation>功率</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="330" />
        <source>Power factor</source>
        <translation>功率因数</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="331" />
        <source>Frequency</source>
        <translation>频率</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="333" />
        <source>Energy total</source>
        <translation>总电量</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="334" />
        <source>Sharp / peak</source>
        <translation>尖 / 峰</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="335" />
        <source>Flat / valley</source>
        <translation>平 / 谷</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="336" />
        <source>Balance</source>
        <translation>剩余金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="337" />
        <source>Purchase count</source>
        <translation>购电次数</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="338" />
        <location filename="../../app/ui/room_detail.py" line="356" />
        <source>Relay</source>
        <translation>继电器</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="339" />
        <source>Guaranteed supply</source>
        <translation>保电</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="355" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="355" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="360" />
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="362" />
        <source>offline: %1</source>
        <translation>离线：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="364" />
        <source>meter-side</source>
        <translation>表端计费</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="364" />
        <source>platform-side</source>
        <translation>后台计费</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="382" />
        <source>(account)</source>
        <translation>（见账户）</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="420" />
        <source>%1 for room %2, tenant %3, meter %4?</source>
        <translation>确定对房间 %2（租户 %3，电表 %4）执行“%1”？</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="423" />
        <source>(vacant)</source>
        <translation>（空置）</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="430" />
        <source>%1: queued…</source>
        <translation>%1：已排队…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="442" />
        <source>Refused: %1</source>
        <translation>被拒绝：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="457" />
        <source>%1: %2, waiting for the meter…</source>
        <translation>%1：%2，等待电表…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="463" />
        <source>%1: confirmed by read-back (%2); waiting for the next poll…</source>
        <translation>%1：回读已确认（%2）；等待下一次轮询…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="470" />
        <source>guaranteed supply</source>
        <translation>保电</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="472" />
        <source>%1: done. The meter reports: relay %2.</source>
        <translation>%1：完成。电表回报：继电器 %2。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="478" />
        <source>%1: %2. %3</source>
        <translation>%1：%2。%3</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_detail.py" line="488" />
        <source>Confirm relay command</source>
        <translation>确认拉合闸命令</translation>
    </message>
</context>
<context>
    <name>RoomLoadTab</name>
    <message>
        <location filename="../../app/ui/room_load.py" line="81" />
        <source>Restore (manager)…</source>
        <translation>宿管复位…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="87" />
        <source>Your role may not restore a load cut: ask the dorm manager.</source>
        <translation>您的角色不能恢复负控断电：请联系宿管。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="92" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="92" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="92" />
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="92" />
        <source>Appliance</source>
        <translation>电器</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="93" />
        <source>ΔP (W)</source>
        <translation>ΔP（瓦）</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="93" />
        <source>PF</source>
        <translation>功率因数</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="93" />
        <source>Action</source>
        <translation>处理</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="146" />
        <source>This room is not under load control.</source>
        <translation>本房间未启用负载控制。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="149" />
        <source>Automatic restores today: %1 of %2.</source>
        <translation>今日自动复位：%1 / %2 次。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="154" />
        <source>Cut by load control since %1.</source>
        <translation>自%1起被负载控制断电。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="158" />
        <source>Automatic restore at %1.</source>
        <translation>将于%1自动复位。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="162" />
        <source>Learning mode: waiting for %1.</source>
        <translation>学习模式：等待%1接通。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="169" />
        <source>Needs the manager (需宿管复位): the automatic restores of today are used up; only a manual restore with a reason gives the power back.</source>
        <translation>需宿管复位：今日自动复位次数已用完，只有填写原因的人工复位才能恢复供电。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="195" />
        <source>Restore (manager)</source>
        <translation>宿管复位</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="196" />
        <source>Why may the power come back (required, kept in the audit log)?</source>
        <translation>恢复供电的原因（必填，记入审计日志）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="208" />
        <source>Restoring…</source>
        <translation>正在复位…</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="216" />
        <source>Restore queued: the power comes back when the meter confirms it.</source>
        <translation>复位已排队：电表确认后恢复供电。</translation>
    </message>
    <message>
        <location filename="../../app/ui/room_load.py" line="218" />
        <source>Cleared: nothing left to switch (another rule keeps the room off).</source>
        <translation>已清除：无需操作（其他规则使房间保持断电）。</translation>
    </message>
</context>
<context>
    <name>RoomMessages</name>
    <message>
        <location filename="../../app/ui/messages.py" line="444" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="444" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="444" />
        <source>Recipient</source>
        <translation>接收人</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="444" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="445" />
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="481" />
        <source>The last %1 messages sent for this room's account.</source>
        <translation>本房间账户最近 %1 条消息。</translation>
    </message>
    <message>
        <location filename="../../app/ui/messages.py" line="485" />
        <source>No message was sent for this room's account.</source>
        <translation>本房间账户还没有发送过消息。</translation>
    </message>
</context>
<context>
    <name>RulesTab</name>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="69" />
        <source>Which messages are sent</source>
        <translation>发送哪些消息</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="80" />
        <source>Thresholds and limits</source>
        <translation>阈值与限制</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="82" />
        <source>Quiet hours: no SMS to tenants between</source>
        <translation>免打扰时段：此时段内不给租户发短信，从</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="90" />
        <source>and</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="95" />
        <source>A power cut is sent at any hour. Other SMS to tenants written during the quiet hours wait until they end; e-mail and staff messages are not held.</source>
        <translation>断电通知随时发送。免打扰时段内产生的其他租户短信会等到时段结束再发；邮件和员工消息不受影响。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="112" />
        <source>Tell staff of a meter-side recharge still pending after (minutes):</source>
        <translation>表端充值超过以下时间仍未完成时通知员工（分钟）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="114" />
        <source>Tell staff of a meter offline for more than (minutes):</source>
        <translation>电表离线超过以下时间时通知员工（分钟）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="115" />
        <source>Send the daily summary after (hour of the day):</source>
        <translation>每日汇总在以下时刻之后发送（时）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="116" />
        <source>At most this many messages per person per hour:</source>
        <translation>每人每小时最多消息数：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="117" />
        <source>At most this many messages per channel per minute:</source>
        <translation>每个通道每分钟最多消息数：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="118" />
        <source>Tries before a message is marked failed:</source>
        <translation>标记为失败前的重试次数：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="98" />
        <source>Load control on (负载控制)</source>
        <translation>启用负载控制</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="101" />
        <source>Applies to:</source>
        <translation>适用于：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="122" />
        <source>On a forbidden load:</source>
        <translation>发现违规负载时：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="126" />
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="130" />
        <source>Automatic restore after:</source>
        <translation>自动复位延时：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="131" />
        <source>Automatic restores a day (负控复位):</source>
        <translation>每日自动复位次数（负控复位）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="136" />
        <source>Add a room override</source>
        <translation>添加房间单独设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="137" />
        <source>Remove this override</source>
        <translation>删除此房间设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="138" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="140" />
        <source>Room override:</source>
        <translation>房间单独设置：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="173" />
        <source>The whole building</source>
        <translation>整栋楼</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="231" />
        <source>A new override starts from the shown values: Save to keep it.</source>
        <translation>新的房间设置从当前显示的值开始：点“保存”生效。</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="73" />
        <source>Your role (%1) may not run billing: only an administrator.</source>
        <translation>您的角色（%1）不能执行计费，仅管理员可以。</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="79" />
        <source>All buildings</source>
        <translation>全部楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="80" />
        <source>Show what is due</source>
        <translation>显示应结算项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="84" />
        <source>Period (YYYY-MM)</source>
        <translation>期间（年-月）</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="86" />
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="93" />
        <location filename="../../app/ui/billing_runs.py" line="151" />
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="93" />
        <location filename="../../app/ui/billing_runs.py" line="152" />
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="93" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="98" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="101" />
        <source>Post…</source>
        <translation>入账…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="137" />
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="138" />
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="139" />
        <source>kWh</source>
        <translation>kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="140" />
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="141" />
        <source>Charged as</source>
        <translation>收取方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="142" />
        <source>How it was computed</source>
        <translation>计算方法</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="146" />
        <source>History of runs</source>
        <translation>结算历史</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="150" />
        <source>Run</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="153" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="154" />
        <source>Posted at</source>
        <translation>入账时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="155" />
        <source>By</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="156" />
        <source>Accounts</source>
        <translation>账户数</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="157" />
        <source>Total (yuan)</source>
        <translation>合计（元）</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="158" />
        <source>Reversed at</source>
        <translation>冲正时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="159" />
        <source>Reversed by</source>
        <translation>冲正人</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="160" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="165" />
        <source>Show its lines</source>
        <translation>查看明细</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="167" />
        <source>Reverse…</source>
        <translation>冲正…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="230" />
        <source>Nothing is due in this period.</source>
        <translation>本期没有应结算的项目。</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="248" />
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="270" />
        <source>Run %1: %2 accounts, %3 yuan</source>
        <translation>批次 %1：%2 个账户，%3 元</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="283" />
        <source>bill</source>
        <translation>账单</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="283" />
        <source>deducted</source>
        <translation>扣费</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="303" />
        <source>Computing the preview…</source>
        <translation>正在计算预览…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="312" />
        <source>%1 accounts, %2 yuan (deducted %3, billed %4); bills due %5</source>
        <translation>%1 个账户，共 %2 元（扣费 %3，开账单 %4）；账单到期日 %5</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="320" />
        <source>Already posted as run %1.</source>
        <translation>已作为批次 %1 入账。</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="327" />
        <source>Post the run</source>
        <translation>入账</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="336" />
        <source>Post %1 for %2: %3 accounts, %4 yuan in all? This charges the accounts.</source>
        <translation>将 %1（%2）入账：%3 个账户，共 %4 元？各账户将被收费。</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="346" />
        <source>Posting…</source>
        <translation>正在入账…</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="351" />
        <source>Posted as run %1.</source>
        <translation>已入账，批次 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="360" />
        <source>Reverse the run</source>
        <translation>冲正批次</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="360" />
        <source>Why is the run reversed? (required)</source>
        <translation>冲正原因（必填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="373" />
        <source>Give the reason for the reversal.</source>
        <translation>请填写冲正原因。</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_runs.py" line="381" />
        <source>Run %1 was reversed.</source>
        <translation>批次 %1 已冲正。</translation>
    </message>
</context>
<context>
    <name>ScanPanel</name>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="75" />
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="77" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="82" />
        <source>Your role may not use the buses.</source>
        <translation>您的角色不能使用总线。</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="89" />
        <source>Modbus: unit addresses 1-247. DL/T 645: meter numbers (12 digits, leading zeros may be left out). Each empty address costs one short timeout.</source>
        <translation>Modbus：站地址 1-247。DL/T 645：表号（12 位，可省略前导零）。每个无应答的地址需等待一次短超时。</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="99" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="100" />
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="101" />
        <source>Answer</source>
        <translation>应答</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="102" />
        <source>In the database</source>
        <translation>数据库中</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="114" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="116" />
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="136" />
        <source>Scan %1</source>
        <translation>扫描 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="144" />
        <source>Choose a link above first.</source>
        <translation>请先在上方选择一条总线。</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="153" />
        <source>Check the range: Modbus addresses are 1-247, DL/T 645 numbers at most %1 per scan, and From is not after To.</source>
        <translation>请检查范围：Modbus 地址为 1-247，DL/T 645 每次最多扫描 %1 个表号，且起始不能大于结束。</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="164" />
        <source>A scan is already running on this bus.</source>
        <translation>此总线上已有扫描在进行。</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="170" />
        <source>This is a simulated bus of the demo: it exists only while the collector runs in this window.</source>
        <translation>这是演示用的模拟总线：仅在本窗口运行采集服务时存在。</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="188" />
        <source>through the collector's bus worker, between polls</source>
        <translation>（经采集服务的总线线程，在轮询间隙进行）</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="190" />
        <source>on the port, opened for the scan</source>
        <translation>（为扫描单独打开端口）</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="193" />
        <source>Scanning %1 addresses on %2 %3…</source>
        <translation>正在扫描 %2 上的 %1 个地址%3…</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="230" />
        <source>not in the database</source>
        <translation>不在数据库中</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="249" />
        <source>Scan stopped: %1</source>
        <translation>扫描中止：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="251" />
        <source>Scan cancelled after %1 of %2 addresses.</source>
        <translation>已扫描 %1/%2 个地址后取消。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/bus_scan.py" line="254" />
        <source>%n device(s) answered.</source>
        <translation><numerusform>%n 个设备应答。</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/bus_scan.py" line="257" />
        <source>Nobody answered: check the baud rate, the parity and the wiring.</source>
        <translation>无设备应答：请检查波特率、校验位和接线。</translation>
    </message>
</context>
<context>
    <name>SchemeEditor</name>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="282" />
        <source>Apportionment scheme</source>
        <translation>公摊方案</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="285" />
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="286" />
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="289" />
        <source>Energy shared</source>
        <translation>分摊电量</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="293" />
        <source>Common-area meters</source>
        <translation>公共区域电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="296" />
        <source>Master meters</source>
        <translation>总表</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="304" />
        <source>Shared</source>
        <translation>分摊方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="309" />
        <source>account=weight, for example E0100001=2 E0100002=1</source>
        <translation>账户号=权重，例如 E0100001=2 E0100002=1</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="318" />
        <source>account numbers, for example E0100001</source>
        <translation>账户号，例如 E0100001</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="310" />
        <source>Ratios</source>
        <translation>比例</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="297" />
        <source>None ticked: all the common-area or master meters of the scope.</source>
        <translation>都不勾选：按范围内的全部公共表或总表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="312" />
        <source>empty: no cap</source>
        <translation>留空：不封顶</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="313" />
        <source>Cap (% of own use)</source>
        <translation>封顶（自身用电的 %）</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="314" />
        <source>vacant rooms pay nothing</source>
        <translation>空置房间不分摊</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="316" />
        <source>Vacant rooms</source>
        <translation>空置房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="319" />
        <source>Excluded accounts</source>
        <translation>排除的账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/billing_editor.py" line="321" />
        <source>Most loss believed (%)</source>
        <translation>最大可信损耗（%）</translation>
    </message>
</context>
<context>
    <name>ServiceDialog</name>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="94" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="118" />
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="130" />
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../app/ui/settings.py" line="103" />
        <source>Your role (%1) may not %2: ask an administrator.</source>
        <translation>您的角色（%1）不能%2：请联系管理员。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings.py" line="211" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="240" />
        <source>Links (RS-485 buses)</source>
        <translation>链路（RS-485 总线）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="241" />
        <source>Park details for receipts</source>
        <translation>收据上的园区信息</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="242" />
        <source>Alarm levels</source>
        <translation>余额告警</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="243" />
        <source>No-cut rules</source>
        <translation>不拉闸规则</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="244" />
        <source>Messages (SMS, e-mail)</source>
        <translation>消息通知（短信、邮件）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="245" />
        <source>Load control (dormitories)</source>
        <translation>负载控制（宿舍）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="246" />
        <source>Online payments</source>
        <translation>线上缴费</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="247" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="248" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="249" />
        <source>Backup</source>
        <translation>备份</translation>
    </message>
</context>
<context>
    <name>SheetForm</name>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="112" />
        <source>CSV or XLSX: room, amount, optional building</source>
        <translation>CSV 或 XLSX：房间、金额，可选楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="113" />
        <source>Choose sheet…</source>
        <translation>选择表格…</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="118" />
        <source>Recharge (充值)</source>
        <translation>充值</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="119" />
        <source>Base allowance (基础额度)</source>
        <translation>基础额度</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="126" />
        <source>Sheet:</source>
        <translation>表格：</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="128" />
        <source>Purpose:</source>
        <translation>用途：</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="133" />
        <source>Every row is checked before anything is created: a sheet with any error is refused as a whole, with every error listed by row and column.</source>
        <translation>创建前逐行检查：表格只要有错误就整体拒绝，并按行、列列出全部错误。</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="143" />
        <source>Choose a sheet</source>
        <translation>选择表格</translation>
    </message>
    <message>
        <location filename="../../app/ui/batches_forms.py" line="143" />
        <source>Sheets (*.csv *.xlsx)</source>
        <translation>表格 (*.csv *.xlsx)</translation>
    </message>
</context>
<context>
    <name>ShiftCloseDialog</name>
    <message>
        <location filename="../../app/ui/shift_close.py" line="47" />
        <location filename="../../app/ui/shift_close.py" line="83" />
        <location filename="../../app/ui/shift_close.py" line="152" />
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="52" />
        <source>Shift:</source>
        <translation>班次：</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="53" />
        <source>Payments:</source>
        <translation>收款笔数：</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="62" />
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="67" />
        <source>Expected cash in the drawer:</source>
        <translation>钱箱应有现金：</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="71" />
        <source>Cash counted:</source>
        <translation>实点现金：</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="74" />
        <source>Difference:</source>
        <translation>差额：</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="77" />
        <source>Why the cash differs (required when it does)</source>
        <translation>现金不符的原因（有差额时必填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="78" />
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="113" />
        <source>none: the drawer agrees</source>
        <translation>无：钱箱相符</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="115" />
        <source>%1 over</source>
        <translation>长款 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="118" />
        <source>%1 short</source>
        <translation>短款 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="127" />
        <source>Type the cash counted in the drawer.</source>
        <translation>请输入钱箱中实点的现金。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="131" />
        <source>The cash differs from what is expected: say why.</source>
        <translation>现金与应收不符：请填写原因。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="136" />
        <source>Close shift #%1 with %2 counted against %3 expected, a difference of %4?</source>
        <translation>交班 #%1：实点 %2，应有 %3，差额 %4，确定交班？</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="144" />
        <source>Close shift #%1 with %2 in the drawer, as expected?</source>
        <translation>交班 #%1：钱箱现金 %2，与应有相符，确定交班？</translation>
    </message>
</context>
<context>
    <name>ShiftCloser</name>
    <message>
        <location filename="../../app/ui/shift_close.py" line="179" />
        <source>You have taken no money since your last shift close.</source>
        <translation>自上次交班以来您没有收款。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="199" />
        <source>Shift %1 closed. Expected cash %2, counted %3, difference %4.</source>
        <translation>班次 %1 已交班。应收现金 %2，实点 %3，差额 %4。</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="208" />
        <source>Save shift report</source>
        <translation>保存交班报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/shift_close.py" line="215" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>SiteSheetWindow</name>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="171" />
        <source>Site sheet — import and export</source>
        <translation>园区台账 — 导入与导出</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="177" />
        <source>Choose a sheet to import…</source>
        <translation>选择要导入的表格…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="179" />
        <source>Export the site…</source>
        <translation>导出园区…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="181" />
        <source>Errors only</source>
        <translation>只看错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="183" />
        <source>No sheet chosen.</source>
        <translation>尚未选择表格。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="196" />
        <source>Apply the sheet</source>
        <translation>写入表格</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="247" />
        <source>Your role may not change the site: you can export it, not import.</source>
        <translation>您的角色不能修改园区：只能导出，不能导入。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="251" />
        <source>Correct the errors in the sheet and choose it again.</source>
        <translation>请改正表格中的错误后重新选择。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="263" />
        <source>Row %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="276" />
        <source>Choose a site sheet</source>
        <translation>选择园区台账</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="278" />
        <source>Site sheets (*.xlsx *.xlsm *.csv);;All files (*)</source>
        <translation>园区台账 (*.xlsx *.xlsm *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="292" />
        <source>Checking %1…</source>
        <translation>正在检查 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="302" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="318" />
        <source>Writing %1…</source>
        <translation>正在写入 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="333" />
        <source>Nothing was written: the sheet or the site changed.</source>
        <translation>未写入任何内容：表格或园区已发生变化。</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="345" />
        <source>Export the site</source>
        <translation>导出园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="346" />
        <source>site.xlsx</source>
        <translation>园区台账.xlsx</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="347" />
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="356" />
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_sheet.py" line="370" />
        <source>Site sheet</source>
        <translation>园区台账</translation>
    </message>
</context>
<context>
    <name>SiteTree</name>
    <message>
        <location filename="../../app/ui/site_tree.py" line="35" />
        <source>Park / building / floor / room</source>
        <translation>园区 / 楼栋 / 楼层 / 房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="36" />
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="37" />
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="38" />
        <source>Relay</source>
        <translation>通断</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="39" />
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="40" />
        <source>Today kWh</source>
        <translation>今日电量</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="41" />
        <source>Today ¥</source>
        <translation>今日电费</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="42" />
        <source>Meter address</source>
        <translation>表地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="50" />
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="51" />
        <source>Rooms with a meter that stopped answering</source>
        <translation>电表失联的房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="55" />
        <source>Low balance</source>
        <translation>余额不足</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="56" />
        <source>Rooms at alarm level 1, 2 or 3</source>
        <translation>余额告警一、二、三级的房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="60" />
        <source>Cut</source>
        <translation>已断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="61" />
        <source>Rooms whose power is cut off</source>
        <translation>已拉闸断电的房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="65" />
        <source>Needs the manager</source>
        <translation>需宿管复位</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="66" />
        <source>Dormitory rooms cut by load control that only the manager restores</source>
        <translation>被负载控制断电、只能由宿管复位的宿舍房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="72" />
        <source>Pending</source>
        <translation>待写表</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="73" />
        <source>Rooms with a recharge waiting for the meter</source>
        <translation>有充值等待写入电表的房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="77" />
        <source>Vacant, drawing</source>
        <translation>空置用电</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="78" />
        <source>Vacant rooms (no open account) whose meters draw power</source>
        <translation>无在用账户、电表却在计量用电的空置房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="239" />
        <source>Batch over this building…</source>
        <translation>对本楼栋批量操作…</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="241" />
        <source>Batch over this floor…</source>
        <translation>对本楼层批量操作…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/labels.py" line="108" />
        <source>%n room(s)</source>
        <translation><numerusform>%n 间</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="112" />
        <source>(vacant)</source>
        <translation>（空置）</translation>
    </message>
</context>
<context>
    <name>StaffTab</name>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="295" />
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="296" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="297" />
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="298" />
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="299" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="300" />
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="301" />
        <source>E-mail on</source>
        <translation>接收邮件</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="305" />
        <source>Save staff contacts</source>
        <translation>保存员工联系方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="310" />
        <source>Staff with SMS or e-mail on receive the staff messages switched on under Rules: meters offline, meter-side recharges still pending, the daily summary.</source>
        <translation>开启短信或邮件的员工会收到“规则”中启用的员工消息：电表离线、表端充值未完成、每日汇总。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="377" />
        <source>Staff contacts saved.</source>
        <translation>员工联系方式已保存。</translation>
    </message>
</context>
<context>
    <name>SwapDialog</name>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="448" />
        <source>Meter swap (换表补电)</source>
        <translation>换表补电</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="449" />
        <source>Account %1 · %2</source>
        <translation>账户 %1 · %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="455" />
        <source>Swap meter</source>
        <translation>换表</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="466" />
        <source>same as the old meter</source>
        <translation>与旧表相同</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="469" />
        <source>last reading</source>
        <translation>最后读数</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="472" />
        <source>as last read (meter-side)</source>
        <translation>按最后读数（表端计费）</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="473" />
        <source>Old meter:</source>
        <translation>旧表：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="474" />
        <source>New meter address:</source>
        <translation>新表地址：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="475" />
        <source>New meter profile:</source>
        <translation>新表型号：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="476" />
        <source>Old meter's final reading (kWh):</source>
        <translation>旧表最终读数（kWh）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="477" />
        <source>Balance on its display (yuan):</source>
        <translation>旧表显示余额（元）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="480" />
        <source>The final reading is stored on the old meter (a platform-side meter is billed up to it); a meter-side balance moves to the new meter as a recharge with purchase count 1.</source>
        <translation>最终读数记入旧表（后台计费电表计费至该读数）；表端余额以购电次数 1 的充值转入新表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="489" />
        <source>Choose the old meter and give the new meter's address.</source>
        <translation>请选择旧表并填写新表地址。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="498" />
        <source>Replace %1 by a new meter at address %2?</source>
        <translation>用地址为 %2 的新表替换 %1？</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="511" />
        <source>Meter %1 installed at address %2.</source>
        <translation>电表 %1 已安装，地址 %2。</translation>
    </message>
</context>
<context>
    <name>TariffWindow</name>
    <message>
        <location filename="../../app/ui/tariffs.py" line="141" />
        <source>Tariffs (电价管理)</source>
        <translation>电价管理</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="149" />
        <source>Tariff</source>
        <translation>电价方案</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="149" />
        <source>In force now</source>
        <translation>当前生效</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="149" />
        <source>Applies to</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="165" />
        <source>Effective from</source>
        <translation>生效时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="166" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="167" />
        <source>Prices</source>
        <translation>电价</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="168" />
        <source>Band hours</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="169" />
        <source>Tiered blocks</source>
        <translation>阶梯</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="170" />
        <source>Published by</source>
        <translation>发布人</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="187" />
        <source>The most specific assignment wins: meter, then building, then tenant kind, then the default.</source>
        <translation>最具体的分配优先：电表，其次楼栋，再次租户类型，最后默认。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="195" />
        <source>New version…</source>
        <translation>新版本…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="198" />
        <source>New tariff…</source>
        <translation>新电价方案…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="200" />
        <source>Assign…</source>
        <translation>分配…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="203" />
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="215" />
        <source>Your role (%1) may not change tariffs: they are shown read-only. Ask an operator or an administrator to publish or assign a tariff.</source>
        <translation>您的角色（%1）无权修改电价：此处只读显示。发布或分配电价请找操作员或管理员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="235" />
        <source>Versions (newest last):</source>
        <translation>版本（最新在最后）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="255" />
        <source>Loading tariffs…</source>
        <translation>正在读取电价…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="260" />
        <source>Could not read the tariffs: %1</source>
        <translation>无法读取电价：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="269" />
        <source>(not yet in force)</source>
        <translation>（尚未生效）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="272" />
        <source>new version from %1</source>
        <translation>新版本自 %1 起</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="276" />
        <location filename="../../app/ui/tariffs.py" line="358" />
        <source>(not assigned)</source>
        <translation>（未分配）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="288" />
        <source>Catalogue price %1 yuan/kWh; resale cap %2 yuan/kWh. A version above the cap is published with a warning that is recorded.</source>
        <translation>目录电价 %1 元/kWh；转供电加价上限 %2 元/kWh。超过上限的版本发布时会给出警告并记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="296" />
        <source>No catalogue price is set, so the resale cap cannot be checked.</source>
        <translation>未设置目录电价，无法检查转供电加价上限。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/tariffs.py" line="303" />
        <source>%n tariff(s)</source>
        <translation><numerusform>%n 个电价方案</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="335" />
        <source>upcoming</source>
        <translation>待生效</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="337" />
        <location filename="../../app/ui/tariffs.py" line="353" />
        <source>in force</source>
        <translation>生效中</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="339" />
        <source>superseded</source>
        <translation>已被取代</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="340" />
        <source>(system)</source>
        <translation>（系统）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="359" />
        <source>Applies to:</source>
        <translation>适用于：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="378" />
        <source>Tariff %1: new version published.</source>
        <translation>电价方案 %1：新版本已发布。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="401" />
        <source>Apply tariff %1 to %2?</source>
        <translation>将电价方案 %1 应用于 %2？</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="408" />
        <source>Assigning…</source>
        <translation>正在分配…</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="412" />
        <source>Not assigned: %1</source>
        <translation>未分配：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="417" />
        <source>Tariff %1 now applies to %2.</source>
        <translation>电价方案 %1 现已适用于 %2。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="426" />
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>Tariffs</name>
    <message>
        <location filename="../../app/ui/labels.py" line="160" />
        <source>Sharp (尖)</source>
        <translation>尖</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="161" />
        <source>Peak (峰)</source>
        <translation>峰</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="162" />
        <source>Flat (平)</source>
        <translation>平</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="163" />
        <source>Valley (谷)</source>
        <translation>谷</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="178" />
        <source>Sharp</source>
        <translation>尖</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="179" />
        <source>Peak</source>
        <translation>峰</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="180" />
        <source>Flat</source>
        <translation>平</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="181" />
        <source>Valley</source>
        <translation>谷</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="188" />
        <source>Meter</source>
        <translation>电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="189" />
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="190" />
        <source>Tenant kind</source>
        <translation>租户类型</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="191" />
        <source>Default (everything else)</source>
        <translation>默认（其余全部）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="52" />
        <source>enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="53" />
        <source>shop</source>
        <translation>商户</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="54" />
        <source>student dorm</source>
        <translation>学生宿舍</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="55" />
        <source>person</source>
        <translation>个人</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="56" />
        <source>public</source>
        <translation>公共</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="59" />
        <source>yuan/kWh</source>
        <translation>元/kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="75" />
        <source>Season from %1 (%2 seasons):</source>
        <translation>自 %1 起的季节（共 %2 个季节）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="86" />
        <source>Workdays</source>
        <translation>工作日</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="87" />
        <source>Weekends</source>
        <translation>周末</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="88" />
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="103" />
        <source>%1 kWh free</source>
        <translation>免费 %1 kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="109" />
        <location filename="../../app/ui/tariffs.py" line="117" />
        <source>per month</source>
        <translation>按月</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariffs.py" line="119" />
        <source>per year</source>
        <translation>按年</translation>
    </message>
</context>
<context>
    <name>TemplatesTab</name>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="190" />
        <source>Preview with real data</source>
        <translation>用真实数据预览</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="192" />
        <source>Save template</source>
        <translation>保存模板</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="213" />
        <source>Message:</source>
        <translation>消息：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="214" />
        <source>E-mail subject:</source>
        <translation>邮件主题：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="215" />
        <source>Text:</source>
        <translation>正文：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="216" />
        <source>Fields:</source>
        <translation>可用字段：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="218" />
        <source>Preview:</source>
        <translation>预览：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="219" />
        <source>SMS:</source>
        <translation>短信：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_msg_rules.py" line="280" />
        <source>Template saved; the next messages of this kind use it.</source>
        <translation>模板已保存；此类消息之后将使用新模板。</translation>
    </message>
</context>
<context>
    <name>TenantDialog</name>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="43" />
        <source>Tenant and contacts (租户与联系人)</source>
        <translation>租户与联系人</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="44" />
        <source>Account %1 · %2</source>
        <translation>账户 %1 · %2</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="49" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="60" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="61" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="62" />
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="63" />
        <source>May pay</source>
        <translation>可付款</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="64" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="71" />
        <source>Add contact</source>
        <translation>添加联系人</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="74" />
        <source>Remove contact</source>
        <translation>删除联系人</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="81" />
        <source>Tenant:</source>
        <translation>租户：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="82" />
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="87" />
        <source>Your role may not change tenants: the list is read-only.</source>
        <translation>您的角色不能修改租户：列表为只读。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="95" />
        <source>People ticked under “May pay” may pay for this tenant's accounts at the counter. Each contact needs a phone or an email.</source>
        <translation>勾选“可付款”的人可以在收银台为该租户的账户付款。每位联系人须有电话或邮箱。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="130" />
        <source>Save tenant %1 with %2 contact(s)?</source>
        <translation>保存租户 %1 及 %2 位联系人？</translation>
    </message>
    <message>
        <location filename="../../app/ui/tenant_dialog.py" line="134" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>ThemePage</name>
    <message>
        <location filename="../../app/ui/settings.py" line="167" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="170" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="171" />
        <source>Dark (for dim control rooms)</source>
        <translation>深色（适合光线较暗的值班室）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="180" />
        <source>Applied at once to every window; remembered on this workstation.</source>
        <translation>立即应用到所有窗口，并在本工作站记住。</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="187" />
        <source>Theme applied.</source>
        <translation>主题已应用。</translation>
    </message>
</context>
<context>
    <name>TimeControl</name>
    <message>
        <location filename="../../app/ui/labels.py" line="454" />
        <source>arrears</source>
        <translation>欠费</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="455" />
        <source>cut by hand</source>
        <translation>手动拉闸</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="456" />
        <source>cut by the meter</source>
        <translation>电表自行拉闸</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="457" />
        <source>supply timetable</source>
        <translation>作息表</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="458" />
        <source>batch task</source>
        <translation>批量任务</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="465" />
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="466" />
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="467" />
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="468" />
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="469" />
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="470" />
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="471" />
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="472" />
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="480" />
        <source>building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="481" />
        <source>floor</source>
        <translation>楼层</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="482" />
        <source>room group</source>
        <translation>房间组</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="483" />
        <source>account</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="490" />
        <source>supply off</source>
        <translation>断电（熄灯）</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="491" />
        <source>supply on</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="498" />
        <source>cut</source>
        <translation>已断电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="499" />
        <source>restored</source>
        <translation>已来电</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="500" />
        <source>held (guaranteed supply)</source>
        <translation>保电未断</translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="501" />
        <source>already off</source>
        <translation>原已断开</translation>
    </message>
</context>
<context>
    <name>TimeControlWindow</name>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="448" />
        <source>Time control</source>
        <translation>时间控制</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="453" />
        <source>Timetables</source>
        <translation>作息表</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="454" />
        <source>Calendar</source>
        <translation>日程</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="455" />
        <source>History</source>
        <translation>执行记录</translation>
    </message>
</context>
<context>
    <name>TimetableEditor</name>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="102" />
        <source>Timetable</source>
        <translation>作息表</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="106" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="110" />
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="112" />
        <source>Filter by name…</source>
        <translation>按名称筛选…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="120" />
        <source>Places</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="124" />
        <source>In force from</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="126" />
        <source>no end date</source>
        <translation>无结束日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="135" />
        <source>In force until</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="137" />
        <source>Supply off / on</source>
        <translation>断电 / 来电</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="139" />
        <source>YYYY-MM-DD, separated by commas</source>
        <translation>YYYY-MM-DD，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="140" />
        <source>Holiday dates</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="142" />
        <source>Remarks</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="163" />
        <source>Timetable %1</source>
        <translation>作息表 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="202" />
        <source>Off (lights-out)</source>
        <translation>断电（熄灯）</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="203" />
        <source>On (power back)</source>
        <translation>来电</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol_editor.py" line="208" />
        <source>An on time before the off time is the next morning.</source>
        <translation>来电时间早于断电时间即为次日早晨。</translation>
    </message>
</context>
<context>
    <name>TimetablesPage</name>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="98" />
        <source>Filter by name, place or remark…</source>
        <translation>按名称、位置或备注筛选…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="101" />
        <source>Any scope</source>
        <translation>全部范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="105" />
        <source>Show removed</source>
        <translation>显示已删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="107" />
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="109" />
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="111" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="113" />
        <source>Holidays…</source>
        <translation>节假日…</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="118" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="119" />
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="120" />
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="121" />
        <source>Until</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="122" />
        <source>Off / on</source>
        <translation>断电 / 来电</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="123" />
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="124" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="125" />
        <source>Remarks</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="139" />
        <source>Your role may not switch relays, so it may not change timetables.</source>
        <translation>您的角色不能拉合闸，因此不能修改作息表。</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="187" />
        <source>active</source>
        <translation>生效</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="187" />
        <source>removed</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="210" />
        <source>A removed timetable cannot be changed; add a new one.</source>
        <translation>已删除的作息表不能修改，请新增一个。</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="234" />
        <source>Remove timetable</source>
        <translation>删除作息表</translation>
    </message>
    <message>
        <location filename="../../app/ui/timecontrol.py" line="235" />
        <source>Remove %1? The supply it cut comes back at the next check.</source>
        <translation>删除 %1？它断开的电将在下次检查时恢复。</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="365" />
        <source>Transfer of ownership (过户)</source>
        <translation>过户</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="366" />
        <source>Account %1 · %2 · balance %3</source>
        <translation>账户 %1 · %2 · 余额 %3</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="374" />
        <source>Transfer</source>
        <translation>过户</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="385" />
        <source>Carry the balance to the new account</source>
        <translation>余额转入新账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="387" />
        <source>Room:</source>
        <translation>房间：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="388" />
        <source>New tenant:</source>
        <translation>新租户：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="389" />
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="400" />
        <source>Only an administrator moves money between accounts.</source>
        <translation>只有管理员可以在账户之间转移资金。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="403" />
        <source>Without the balance the old account keeps its money (refund it or close it).</source>
        <translation>不转余额时，旧账户保留其余额（可退费或销户）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="411" />
        <source>Choose the room and give the new tenant's name.</source>
        <translation>请选择房间并填写新租户名称。</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="415" />
        <source>Room %1 passes to %2, with the balance?</source>
        <translation>房间 %1 过户给 %2，并转余额？</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="417" />
        <source>Room %1 passes to %2, without the balance?</source>
        <translation>房间 %1 过户给 %2，不转余额？</translation>
    </message>
    <message>
        <location filename="../../app/ui/account_dialogs.py" line="430" />
        <source>Room %1 now belongs to %2, account %3.</source>
        <translation>房间 %1 现属于 %2，账户 %3。</translation>
    </message>
</context>
<context>
    <name>UnmatchedTab</name>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="82" />
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="83" />
        <source>Transaction</source>
        <translation>交易号</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="84" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="85" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="86" />
        <source>Payer</source>
        <translation>付款人</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="87" />
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="88" />
        <source>Why unmatched</source>
        <translation>未匹配原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="97" />
        <source>Account number, tenant, room (A栋/301)</source>
        <translation>账户号、租户、房间（A栋/301）</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="104" />
        <source>Assign to the chosen account</source>
        <translation>入账到所选账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="113" />
        <source>Assign the selected payment to:</source>
        <translation>将所选付款入账到：</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="146" />
        <source>Waiting for a person: %1.</source>
        <translation>待人工处理：%1 笔。</translation>
    </message>
    <message>
        <location filename="../../app/ui/payments_tabs.py" line="185" />
        <source>Credited to %1, receipt %2; the payer is remembered for next time.</source>
        <translation>已入账到 %1，收据 %2；下次将自动识别该付款人。</translation>
    </message>
</context>
<context>
    <name>VersionDialog</name>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="90" />
        <source>New version of %1</source>
        <translation>%1 的新版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="92" />
        <source>New tariff</source>
        <translation>新电价方案</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="109" />
        <source>Tariff name:</source>
        <translation>方案名称：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="111" />
        <source>Description:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="121" />
        <source>A new version starts now or later, never in the past: what was already charged keeps the price it was charged with. Time zone: %1.</source>
        <translation>新版本只能从现在或将来生效，不能从过去生效：已计费用保持原电价。时区：%1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="128" />
        <source>Effective from:</source>
        <translation>生效时间：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="132" />
        <source>Flat price (单一电价)</source>
        <translation>单一电价</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="133" />
        <source>Time of use (分时电价: 尖峰平谷)</source>
        <translation>分时电价（尖峰平谷）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="135" />
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="139" />
        <source>Price (yuan/kWh):</source>
        <translation>电价（元/kWh）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="146" />
        <source>Free kWh per account each month (or each tier year), used before any price and never refunded; platform-side billing only. Empty or 0: none.</source>
        <translation>每个账户每月（或按年阶梯时每年）的免费电量，先于计价使用，不予退费；仅用于后台计费。留空或 0 表示无。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="150" />
        <source>Base allowance (基础电量, kWh):</source>
        <translation>基础电量（kWh）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="152" />
        <source>Time of use: band prices and hours</source>
        <translation>分时电价：各时段电价与时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="164" />
        <source>yuan/kWh</source>
        <translation>元/kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="168" />
        <source>Paint with:</source>
        <translation>涂选时段：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="169" />
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="170" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="171" />
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="172" />
        <source>Set</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="176" />
        <source>Season:</source>
        <translation>季节：</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="191" />
        <source>Workday schedule: click or drag over the half hours with a band (right button erases), or set a range. Every half hour needs a band.</source>
        <translation>工作日时段表：用所选时段点击或拖过各半小时格（右键擦除），或按时间范围设置。每个半小时都必须有时段。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="200" />
        <source>Weekends have their own schedule</source>
        <translation>周末使用单独的时段表</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="210" />
        <source>Holidays (节假日): these days are priced with the weekend schedule (or the season's holiday schedule). Dates like 2026-10-01, separated by commas.</source>
        <translation>节假日：这些日期按周末时段表（或该季节的节假日时段表）计价。日期如 2026-10-01，用逗号分隔。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="227" />
        <source>Tiered blocks (阶梯电价), added on top of the price</source>
        <translation>阶梯电价（在电价基础上加价）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="234" />
        <source>Up to kWh (empty = no limit)</source>
        <translation>上限 kWh（空 = 不限）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="234" />
        <source>Adds yuan/kWh</source>
        <translation>加价 元/kWh</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="241" />
        <source>Add block</source>
        <translation>添加阶梯</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="244" />
        <source>Remove block</source>
        <translation>删除阶梯</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="248" />
        <source>per month</source>
        <translation>按月</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="249" />
        <source>per year</source>
        <translation>按年</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="252" />
        <source>Blocks count kWh</source>
        <translation>阶梯电量统计周期</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="271" />
        <source>Resale cap: %1 yuan/kWh (catalogue price + margin).</source>
        <translation>转供电加价上限：%1 元/kWh（目录电价 + 加价比例）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="276" />
        <source>Publish version</source>
        <translation>发布版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="280" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="351" />
        <source>Publish a new version of tariff %1, effective from %2 (%3)?</source>
        <translation>发布电价方案 %1 的新版本，自 %2（%3）起生效？</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="359" />
        <source>Warning: the highest price %1 yuan/kWh is above the resale cap of %2 yuan/kWh (catalogue price + margin). The version will be recorded with this warning.</source>
        <translation>警告：最高电价 %1 元/kWh 超过转供电加价上限 %2 元/kWh（目录电价 + 加价比例）。该版本将连同此警告一并记录。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="376" />
        <source>Published: tariff %1 from %2.</source>
        <translation>已发布：电价方案 %1 自 %2 起生效。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="382" />
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="390" />
        <source>Not published: %1</source>
        <translation>未发布：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_editor.py" line="398" />
        <source>Publish tariff version</source>
        <translation>发布电价版本</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="97" />
        <source>Slots off the half hour were rounded down.</source>
        <translation>不在半点的时段起点已向前取整。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="103" />
        <source>This tariff has %1 seasons: choose one above to see or change its schedule; the prices are the same all year.</source>
        <translation>此电价方案有 %1 个季节：在上方选择一个季节查看或修改其时段表；各季节电价相同。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="128" />
        <source>from %1 (%2 of %3)</source>
        <translation>自 %1 起（第 %2 个，共 %3 个）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="180" />
        <source>Holidays: %1 is not a date like 2026-10-01.</source>
        <translation>节假日：%1 不是 2026-10-01 这样的日期。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="191" />
        <source>Base allowance</source>
        <translation>基础电量</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="198" />
        <source>%1: free energy is 0 to 100000 kWh with at most 2 decimals, not %2.</source>
        <translation>%1：免费电量须为 0 至 100000 kWh，最多两位小数，而不是 %2。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="211" />
        <source>%1: enter a price in yuan/kWh.</source>
        <translation>%1：请输入电价（元/kWh）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="219" />
        <source>%1: %2 is not a price.</source>
        <translation>%1：%2 不是有效电价。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="225" />
        <source>%1: a price must be zero or more, not %2.</source>
        <translation>%1：电价不能小于零，实际为 %2。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="233" />
        <source>%1: a price has at most 4 decimals (%2).</source>
        <translation>%1：电价最多 4 位小数（%2）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="246" />
        <source>%1: the day is not fully covered; %2 has no band.</source>
        <translation>%1：全天未完全覆盖，%2 没有设置时段。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="258" />
        <source>Tariff name: enter a name.</source>
        <translation>方案名称：请输入名称。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="264" />
        <source>Effective from: %1 is in the past. A tariff version can only start now or later; charges already made are never recomputed.</source>
        <translation>生效时间：%1 已是过去。电价版本只能从现在或将来生效；已计费用不会重算。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="283" />
        <location filename="../../app/ui/tariff_form.py" line="354" />
        <source>%1 price</source>
        <translation>%1电价</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="298" />
        <source>Price</source>
        <translation>电价</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="316" />
        <source> (season from %1)</source>
        <translation>（自 %1 起的季节）</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="324" />
        <source>Workday schedule</source>
        <translation>工作日时段表</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="325" />
        <source>Weekend schedule</source>
        <translation>周末时段表</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="340" />
        <source>Tiered blocks: add at least one block or untick them.</source>
        <translation>阶梯电价：请至少添加一档，或取消勾选。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="347" />
        <source>Block %1</source>
        <translation>第 %1 档</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="360" />
        <source>%1: only the last block may have no upper limit.</source>
        <translation>%1：只有最后一档可以不设上限。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="368" />
        <source>%1: the last block must have no upper limit (leave it empty).</source>
        <translation>%1：最后一档不能设上限（请留空）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="377" />
        <source>%1: %2 is not a number of kWh.</source>
        <translation>%1：%2 不是有效的电量（kWh）。</translation>
    </message>
    <message>
        <location filename="../../app/ui/tariff_form.py" line="383" />
        <source>%1: the upper limit must be above %2 kWh.</source>
        <translation>%1：上限必须高于 %2 kWh。</translation>
    </message>
</context>
<context>
    <name>Wall</name>
    <message>
        <location filename="../../app/ui/wall.py" line="25" />
        <source>supplied</source>
        <translation>正常供电</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="26" />
        <source>low balance</source>
        <translation>余额不足</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="27" />
        <source>pre-trip</source>
        <translation>预跳闸</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="28" />
        <source>cut / cut-off line</source>
        <translation>断电 / 到断电线</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="29" />
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="30" />
        <source>guaranteed supply</source>
        <translation>保电</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="31" />
        <source>recharge pending</source>
        <translation>充值待写表</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="32" />
        <source>vacant</source>
        <translation>空置</translation>
    </message>
    <message>
        <location filename="../../app/ui/wall.py" line="33" />
        <source>vacant, drawing power</source>
        <translation>空置在用电</translation>
    </message>
</context>
<context>
    <name>WhitelistTab</name>
    <message>
        <location filename="../../app/ui/settings_load.py" line="284" />
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="284" />
        <source>Appliance</source>
        <translation>电器</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="284" />
        <source>ΔP (W)</source>
        <translation>ΔP（瓦）</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="284" />
        <source>PF</source>
        <translation>功率因数</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="285" />
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="285" />
        <source>Added by</source>
        <translation>添加人</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="285" />
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="293" />
        <source>name, e.g. 冰箱</source>
        <translation>名称，如 冰箱</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="303" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="304" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="306" />
        <source>Remove the selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="310" />
        <source>PF:</source>
        <translation>功率因数：</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="333" />
        <location filename="../../app/ui/settings_load.py" line="346" />
        <source>whole building</source>
        <translation>整栋楼</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="337" />
        <source>learned</source>
        <translation>学习所得</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="337" />
        <source>by hand</source>
        <translation>手工添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings_load.py" line="361" />
        <source>Select the entry to remove.</source>
        <translation>请先选择要删除的条目。</translation>
    </message>
</context>
<context>
    <name>_CredentialsDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="80" />
        <source>Unexpected error: %1</source>
        <translation>意外错误：%1</translation>
    </message>
</context>
</TS>