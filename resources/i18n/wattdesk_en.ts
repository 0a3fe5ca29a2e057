<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>CashierWindow</name>
    <message>
        <location filename="../../app/ui/cashier.py" line="90" />
        <source>Cashier counter</source>
        <translation>Cashier counter</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="105" />
        <source>Room, tenant, pinyin initials, account or meter address</source>
        <translation>Room, tenant, pinyin initials, account or meter address</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="113" />
        <location filename="../../app/ui/cashier.py" line="555" />
        <source>No room chosen</source>
        <translation>No room chosen</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="128" />
        <source>F1 Cash</source>
        <translation>F1 Cash</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="129" />
        <source>F2 Bank card</source>
        <translation>F2 Bank card</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="130" />
        <source>F3 Transfer</source>
        <translation>F3 Transfer</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="131" />
        <source>F4 QR payment</source>
        <translation>F4 QR payment</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="142" />
        <source>Recharge (Enter)</source>
        <translation>Recharge (Enter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="145" />
        <source>Clear (Esc)</source>
        <translation>Clear (Esc)</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="151" />
        <source>Your role may not take money: ask a cashier.</source>
        <translation>Your role may not take money: ask a cashier.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="157" />
        <source>80 mm roll</source>
        <translation>80 mm roll</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="158" />
        <source>A5 sheet</source>
        <translation>A5 sheet</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="159" />
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="161" />
        <source>Save PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="163" />
        <source>Reprint (copy)</source>
        <translation>Reprint (copy)</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="171" />
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="172" />
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="173" />
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="174" />
        <source>Age</source>
        <translation>Age</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="175" />
        <source>State / reason</source>
        <translation>State / reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="183" />
        <source>Close shift…</source>
        <translation>Close shift…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="190" />
        <source>Recharges waiting for their meter</source>
        <translation>Recharges waiting for their meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="274" />
        <location filename="../../app/ui/cashier.py" line="341" />
        <source>(vacant)</source>
        <translation>(vacant)</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="275" />
        <source>meter-side prepaid meter</source>
        <translation>meter-side prepaid meter</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="275" />
        <source>platform account</source>
        <translation>platform account</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="277" />
        <source>Balance: loading…</source>
        <translation>Balance: loading…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="287" />
        <source>Balance before: %1</source>
        <translation>Balance before: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="289" />
        <source> (+%1 on its way to the meter)</source>
        <translation> (+%1 on its way to the meter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="307" />
        <source>After: %1</source>
        <translation>After: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="316" />
        <source>Confirm recharge</source>
        <translation>Confirm recharge</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="329" />
        <source>Choose a room first.</source>
        <translation>Choose a room first.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="334" />
        <source>Type the amount.</source>
        <translation>Type the amount.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="337" />
        <source>Recharge %1 by %2 to room %3, tenant %4?</source>
        <translation>Recharge %1 by %2 to room %3, tenant %4?</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="352" />
        <source>Recording the recharge…</source>
        <translation>Recording the recharge…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="366" />
        <source>Receipt %1 issued.</source>
        <translation>Receipt %1 issued.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="407" />
        <source>Waiting for the meter…</source>
        <translation>Waiting for the meter…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="408" />
        <source>Writing to the meter…</source>
        <translation>Writing to the meter…</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="409" />
        <source>Confirmed by the meter.</source>
        <translation>Confirmed by the meter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="410" />
        <source>Not applied: %1</source>
        <translation>Not applied: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="458" />
        <source>The last recharge (%1) was not recorded before the program stopped. If the money was taken, confirm it again.</source>
        <translation>The last recharge (%1) was not recorded before the program stopped. If the money was taken, confirm it again.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="468" />
        <source>Recovered receipt %1 of the recharge interrupted by a restart.</source>
        <translation>Recovered receipt %1 of the recharge interrupted by a restart.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="483" />
        <source>Save receipt</source>
        <translation>Save receipt</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="489" />
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="516" />
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="525" />
        <source>Close shift</source>
        <translation>Close shift</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="525" />
        <source>Cash counted in the drawer (yuan):</source>
        <translation>Cash counted in the drawer (yuan):</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="535" />
        <source>Shift %1 closed. Expected cash %2, counted %3, difference %4.</source>
        <translation>Shift %1 closed. Expected cash %2, counted %3, difference %4.</translation>
    </message>
    <message>
        <location filename="../../app/ui/cashier.py" line="543" />
        <source>Save shift report</source>
        <translation>Save shift report</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="108" />
        <source>WattDesk — first administrator</source>
        <translation>WattDesk — first administrator</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="111" />
        <source>This database has no operator yet. Create the first administrator: there is no built-in account or default password.</source>
        <translation>This database has no operator yet. Create the first administrator: there is no built-in account or default password.</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="115" />
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="116" />
        <source>Full name</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="117" />
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="118" />
        <source>Repeat password</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="123" />
        <source>The two passwords differ.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="93" />
        <source>WattDesk — log in</source>
        <translation>WattDesk — log in</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="94" />
        <source>Log in with your operator name and password.</source>
        <translation>Log in with your operator name and password.</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="95" />
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="96" />
        <source>Password</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="49" />
        <source>WattDesk — prepaid electricity control room</source>
        <translation>WattDesk — prepaid electricity control room</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="55" />
        <source>Park</source>
        <translation>Park</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="65" />
        <location filename="../../app/ui/main_window.py" line="140" />
        <source>Loading the park…</source>
        <translation>Loading the park…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="80" />
        <source>Operator: %1 (%2)</source>
        <translation>Operator: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="86" />
        <source>Database: %1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="89" />
        <source>Tools</source>
        <translation>Tools</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="91" />
        <source>Cashier counter (F9)</source>
        <translation>Cashier counter (F9)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="96" />
        <source>Your role may not take money; the counter opens read-only.</source>
        <translation>Your role may not take money; the counter opens read-only.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="123" />
        <source>Daily backup written: %1</source>
        <translation>Daily backup written: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="130" />
        <source>Daily backup failed: %1</source>
        <translation>Daily backup failed: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="148" />
        <source>%n room(s) loaded</source>
        <translation>
            <numerusform>%n room loaded</numerusform>
            <numerusform>%n rooms loaded</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="154" />
        <source>The database has no park yet. Import a site sheet or create the demo park.</source>
        <translation>The database has no park yet. Import a site sheet or create the demo park.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="160" />
        <source>Could not load the park: %1</source>
        <translation>Could not load the park: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="168" />
        <source>&lt;p&gt;%1 buildings · %2 rooms · %3 let · %4 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 buildings · %2 rooms · %3 let · %4 vacant&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="190" />
        <source>&lt;p&gt;Tenant: %1&lt;br&gt;Area: %2 m²&lt;br&gt;Meters: %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;Tenant: %1&lt;br&gt;Area: %2 m²&lt;br&gt;Meters: %3&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="196" />
        <source>&lt;p&gt;%1 rooms · %2 let · %3 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 rooms · %2 let · %3 vacant&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ParkTree</name>
    <message>
        <location filename="../../widgets/park_tree.py" line="67" />
        <source>Search room, tenant, pinyin initials or meter address</source>
        <translation>Search room, tenant, pinyin initials or meter address</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="243" />
        <source>administrator</source>
        <translation>administrator</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="244" />
        <source>operator</source>
        <translation>operator</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="245" />
        <source>cashier</source>
        <translation>cashier</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="246" />
        <source>auditor</source>
        <translation>auditor</translation>
    </message>
</context>
<context>
    <name>SiteTree</name>
    <message>
        <location filename="../../app/ui/site_tree.py" line="15" />
        <source>Park / building / floor / room</source>
        <translation>Park / building / floor / room</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="16" />
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="17" />
        <source>Area m²</source>
        <translation>Area m²</translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="18" />
        <source>Meter address</source>
        <translation>Meter address</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/site_tree.py" line="23" />
        <source>%n room(s)</source>
        <translation><numerusform>%n room</numerusform><numerusform>%n rooms</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/site_tree.py" line="28" />
        <source>(vacant)</source>
        <translation>(vacant)</translation>
    </message>
</context>
<context>
    <name>_CredentialsDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="80" />
        <source>Unexpected error: %1</source>
        <translation>Unexpected error: %1</translation>
    </message>
</context>
</TS>