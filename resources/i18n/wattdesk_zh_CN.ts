<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CashierWindow</name>
    <message>
        <location filename="../../app/ui/cashier.py" line="90" />
        <source>Cashier counter</source>
        <translation>收银台</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="105" />
        <source>Room, tenant, pinyin initials, account or meter address</source>
        <translation>房间、租户、拼音首字母、账户或电表地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="113" />
        <location filename="../../app/ui/cashier.py" line="555" />
        <source>No room chosen</source>
        <translation>未选择房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="128" />
        <source>F1 Cash</source>
        <translation>F1 现金</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="129" />
        <source>F2 Bank card</source>
        <translation>F2 银行卡</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="130" />
        <source>F3 Transfer</source>
        <translation>F3 转账</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="131" />
        <source>F4 QR payment</source>
        <translation>F4 扫码支付</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="142" />
        <source>Recharge (Enter)</source>
        <translation>充值（回车）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="145" />
        <source>Clear (Esc)</source>
        <translation>清除（Esc）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="151" />
        <source>Your role may not take money: ask a cashier.</source>
        <translation>您的角色不能收款：请找收银员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="157" />
        <source>80 mm roll</source>
        <translation>80 mm 小票</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="158" />
        <source>A5 sheet</source>
        <translation>A5 单据</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="159" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="161" />
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="163" />
        <source>Reprint (copy)</source>
        <translation>补打</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="171" />
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="172" />
        <source>Room</source>
        <translation>房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="173" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="174" />
        <source>Age</source>
        <translation>已等待</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="175" />
        <source>State / reason</source>
        <translation>状态 / 原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="183" />
        <source>Close shift…</source>
        <translation>交班…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="190" />
        <source>Recharges waiting for their meter</source>
        <translation>等待写表的充值</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="274" />
        <location filename="../../app/ui/cashier.py" line="341" />
        <source>(vacant)</source>
        <translation>（空置）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="275" />
        <source>meter-side prepaid meter</source>
        <translation>表端预付费电表</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="275" />
        <source>platform account</source>
        <translation>后台计费账户</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="277" />
        <source>Balance: loading…</source>
        <translation>余额：读取中…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="287" />
        <source>Balance before: %1</source>
        <translation>充值前余额：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="289" />
        <source> (+%1 on its way to the meter)</source>
        <translation>（另有 %1 正在写表）</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="307" />
        <source>After: %1</source>
        <translation>充值后：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="316" />
        <source>Confirm recharge</source>
        <translation>确认充值</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="329" />
        <source>Choose a room first.</source>
        <translation>请先选择房间。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="334" />
        <source>Type the amount.</source>
        <translation>请输入金额。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="337" />
        <source>Recharge %1 by %2 to room %3, tenant %4?</source>
        <translation>以%2向房间 %3（租户 %4）充值 %1？</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="352" />
        <source>Recording the recharge…</source>
        <translation>正在记录充值…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="366" />
        <source>Receipt %1 issued.</source>
        <translation>已开具收据 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="407" />
        <source>Waiting for the meter…</source>
        <translation>等待电表响应…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="408" />
        <source>Writing to the meter…</source>
        <translation>正在写入电表…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="409" />
        <source>Confirmed by the meter.</source>
        <translation>电表已确认。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="410" />
        <source>Not applied: %1</source>
        <translation>未写入：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="458" />
        <source>The last recharge (%1) was not recorded before the program stopped. If the money was taken, confirm it again.</source>
        <translation>程序停止前，上一笔充值（%1）未记录。如已收款，请再次确认。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="468" />
        <source>Recovered receipt %1 of the recharge interrupted by a restart.</source>
        <translation>已找回因重启中断的充值收据 %1。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="483" />
        <source>Save receipt</source>
        <translation>保存收据</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="489" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="516" />
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="525" />
        <source>Close shift</source>
        <translation>交班</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="525" />
        <source>Cash counted in the drawer (yuan):</source>
        <translation>钱箱实点现金（元）：</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="535" />
        <source>Shift %1 closed. Expected cash %2, counted %3, difference %4.</source>
        <translation>班次 %1 已交班。应收现金 %2，实点 %3，差额 %4。</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="543" />
        <source>Save shift report</source>
        <translation>保存交班报表</translation>
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
        <location filename="../../app/ui/main_window.py" line="49" />
        <source>WattDesk — prepaid electricity control room</source>
        <translation>WattDesk 预付费电能管理台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="55" />
        <source>Park</source>
        <translation>园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="65" />
        <location filename="../../app/ui/main_window.py" line="140" />
        <source>Loading the park…</source>
        <translation>正在加载园区…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="80" />
        <source>Operator: %1 (%2)</source>
        <translation>操作员：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="86" />
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="89" />
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="91" />
        <source>Cashier counter (F9)</source>
        <translation>收银台（F9）</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="96" />
        <source>Your role may not take money; the counter opens read-only.</source>
        <translation>您的角色不能收款；收银台以只读方式打开。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="123" />
        <source>Daily backup written: %1</source>
        <translation>每日备份已写入：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="130" />
        <source>Daily backup failed: %1</source>
        <translation>每日备份失败：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="148" />
        <source>%n room(s) loaded</source>
        <translation>
            <numerusform>已加载 %n 个房间</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="154" />
        <source>The database has no park yet. Import a site sheet or create the demo park.</source>
        <translation>数据库中还没有园区。请导入园区表格，或创建演示园区。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="160" />
        <source>Could not load the park: %1</source>
        <translation>无法加载园区：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="168" />
        <source>&lt;p&gt;%1 buildings · %2 rooms · %3 let · %4 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 栋楼 · %2 个房间 · 已租 %3 · 空置 %4&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="190" />
        <source>&lt;p&gt;Tenant: %1&lt;br&gt;Area: %2 m²&lt;br&gt;Meters: %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;租户：%1&lt;br&gt;面积：%2 m²&lt;br&gt;电表：%3&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="196" />
        <source>&lt;p&gt;%1 rooms · %2 let · %3 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 个房间 · 已租 %2 · 空置 %3&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ParkTree</name>
    <message>
        <location filename="../../widgets/park_tree.py" line="67" />
        <source>Search room, tenant, pinyin initials or meter address</source>
        <translation>搜索房间、租户、拼音首字母或电表地址</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="243" />
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="244" />
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="245" />
        <source>cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="246" />
        <source>auditor</source>
        <translation>审计员</translation>
    </message>
</context>
<context>
    <name>SiteTree</name>
    <message>
        <location filename="../../app/ui/site_tree.py" line="15" />
        <source>Park / building / floor / room</source>
        <translation>园区 / 楼栋 / 楼层 / 房间</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="16" />
        <source>Tenant</source>
        <translation>租户</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="17" />
        <source>Area m²</source>
        <translation>面积 m²</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="18" />
        <source>Meter address</source>
        <translation>电表地址</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/site_tree.py" line="23" />
        <source>%n room(s)</source>
        <translation><numerusform>%n 间</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="28" />
        <source>(vacant)</source>
        <translation>（空置）</translation>
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