<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="43" />
        <source>WattDesk — prepaid electricity control room</source>
        <translation>WattDesk 预付费电能管理台</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="49" />
        <source>Park</source>
        <translation>园区</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="59" />
        <location filename="../../app/ui/main_window.py" line="78" />
        <source>Loading the park…</source>
        <translation>正在加载园区…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="72" />
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/main_window.py" line="86" />
        <source>%n room(s) loaded</source>
        <translation>
            <numerusform>已加载 %n 个房间</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="92" />
        <source>The database has no park yet. Import a site sheet or create the demo park.</source>
        <translation>数据库中还没有园区。请导入园区表格，或创建演示园区。</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="98" />
        <source>Could not load the park: %1</source>
        <translation>无法加载园区：%1</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="106" />
        <source>&lt;p&gt;%1 buildings · %2 rooms · %3 let · %4 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 栋楼 · %2 个房间 · 已租 %3 · 空置 %4&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="128" />
        <source>&lt;p&gt;Tenant: %1&lt;br&gt;Area: %2 m²&lt;br&gt;Meters: %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;租户：%1&lt;br&gt;面积：%2 m²&lt;br&gt;电表：%3&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="134" />
        <source>&lt;p&gt;%1 rooms · %2 let · %3 vacant&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 个房间 · 已租 %2 · 空置 %3&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ParkTree</name>
    <message>
        <location filename="../../widgets/park_tree.py" line="62" />
        <source>Search room, tenant, pinyin initials or meter address</source>
        <translation>搜索房间、租户、拼音首字母或电表地址</translation>
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
</TS>