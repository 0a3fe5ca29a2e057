<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
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
        <location filename="../../app/ui/main_window.py" line="46" />
        <source>WattDesk — prepaid electricity control room</source>
        <translation>WattDesk — prepaid electricity control room</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="52" />
        <source>Park</source>
        <translation>Park</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="62" />
        <location filename="../../app/ui/main_window.py" line="89" />
        <source>Loading the park…</source>
        <translation>Loading the park…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="77" />
        <source>Operator: %1 (%2)</source>
        <translation>Operator: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="83" />
        <source>Database: %1</source>
        <translation>Database: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="97" />
        <source>%n room(s) loaded</source>
        <translation>
            <numerusform>%n room loaded</numerusform>
            <numerusform>%n rooms loaded</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="103" />
        <source>The database has no park yet. Import a site sheet or create the demo park.</source>
        <translation>The database has no park yet. Import a site sheet or create the demo park.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="109" />
        <source>Could not load the park: %1</source>
        <translation>Could not load the park: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="117" />
        <source>&lt;p&gt;%1 buildings · %2 rooms · %3 let · %4 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 buildings · %2 rooms · %3 let · %4 vacant&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="139" />
        <source>&lt;p&gt;Tenant: %1&lt;br&gt;Area: %2 m²&lt;br&gt;Meters: %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;Tenant: %1&lt;br&gt;Area: %2 m²&lt;br&gt;Meters: %3&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="145" />
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
        <location filename="../../app/ui/main_window.py" line="190" />
        <source>administrator</source>
        <translation>administrator</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="191" />
        <source>operator</source>
        <translation>operator</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="192" />
        <source>cashier</source>
        <translation>cashier</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="193" />
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