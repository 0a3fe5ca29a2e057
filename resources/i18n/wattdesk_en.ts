<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="43" />
        <source>WattDesk — prepaid electricity control room</source>
        <translation>WattDesk — prepaid electricity control room</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="49" />
        <source>Park</source>
        <translation>Park</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="59" />
        <location filename="../../app/ui/main_window.py" line="78" />
        <source>Loading the park…</source>
        <translation>Loading the park…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="72" />
        <source>Database: %1</source>
        <translation>Database: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="86" />
        <source>%n room(s) loaded</source>
        <translation>
            <numerusform>%n room loaded</numerusform><numerusform>%n rooms loaded</numerusform></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="92" />
        <source>The database has no park yet. Import a site sheet or create the demo park.</source>
        <translation>The database has no park yet. Import a site sheet or create the demo park.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="98" />
        <source>Could not load the park: %1</source>
        <translation>Could not load the park: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="106" />
        <source>&lt;p&gt;%1 buildings · %2 rooms · %3 let · %4 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 buildings · %2 rooms · %3 let · %4 vacant&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="128" />
        <source>&lt;p&gt;Tenant: %1&lt;br&gt;Area: %2 m²&lt;br&gt;Meters: %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;Tenant: %1&lt;br&gt;Area: %2 m²&lt;br&gt;Meters: %3&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="134" />
        <source>&lt;p&gt;%1 rooms · %2 let · %3 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 rooms · %2 let · %3 vacant&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ParkTree</name>
    <message>
        <location filename="../../widgets/park_tree.py" line="62" />
        <source>Search room, tenant, pinyin initials or meter address</source>
        <translation>Search room, tenant, pinyin initials or meter address</translation>
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
</TS>