<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fi" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="72"/>
        <source>Follow-up</source>
        <translation>Jatkotoimet</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="80"/>
        <source>Follow-up owner</source>
        <translation>Jatkotoimien vastuutaho</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="81"/>
        <source>All partners</source>
        <translation>Kaikki kumppanit</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="89"/>
        <source>Which follow-ups</source>
        <translation>Mitkä jatkotoimet</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="90"/>
        <source>Due by today</source>
        <translation>Erääntyneet tänään mennessä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="91"/>
        <source>All not contacted yet</source>
        <translation>Kaikki, joihin ei ole vielä otettu yhteyttä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="100"/>
        <source>Followers to follow up</source>
        <translation>Seuraajat, joihin otetaan yhteyttä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="122"/>
        <source>Email template</source>
        <translation>Sähköpostipohja</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="126"/>
        <source>Write email</source>
        <translation>Kirjoita sähköposti</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="128"/>
        <source>Open your mail client with a draft in their language</source>
        <translation>Avaa sähköpostiohjelma luonnoksella seuraajan kielellä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="130"/>
        <source>Save draft…</source>
        <translation>Tallenna luonnos…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="133"/>
        <source>Save the draft as an .eml file (with the letter of intent for procurers)</source>
        <translation>Tallenna luonnos .eml-tiedostona (hankkijoille aiesopimus liitteenä)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="136"/>
        <source>Mark contacted</source>
        <translation>Merkitse yhteys otetuksi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="173"/>
        <source>Overdue</source>
        <translation>Myöhässä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="178"/>
        <source>all partners</source>
        <translation>kaikki kumppanit</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="181"/>
        <source>1 follower due for {owner}</source>
        <translation>1 erääntynyt seuraaja: {owner}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="183"/>
        <source>{count} followers due for {owner}</source>
        <translation>{count} erääntynyttä seuraajaa: {owner}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="187"/>
        <source>1 follower not contacted yet for {owner}</source>
        <translation>1 seuraaja, johon ei ole otettu yhteyttä: {owner}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="189"/>
        <source>{count} followers not contacted yet for {owner}</source>
        <translation>{count} seuraajaa, joihin ei ole otettu yhteyttä: {owner}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="232"/>
        <source>No draft: {reason}</source>
        <translation>Ei luonnosta: {reason}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="242"/>
        <source>No mail client opened the draft: use Save draft… instead.</source>
        <translation>Mikään sähköpostiohjelma ei avannut luonnosta: käytä Tallenna luonnos… -toimintoa.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="248"/>
        <source>Your mail client has the draft; a mail link cannot carry the letter of intent: attach it, or use Save draft…, which includes it.</source>
        <translation>Luonnos on sähköpostiohjelmassasi; sähköpostilinkki ei voi sisältää aiesopimusta: liitä se itse tai käytä Tallenna luonnos… -toimintoa, joka liittää sen.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="254"/>
        <source>Your mail client has the draft.</source>
        <translation>Luonnos on sähköpostiohjelmassasi.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="272"/>
        <source>Save email draft</source>
        <translation>Tallenna sähköpostiluonnos</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="274"/>
        <source>Email draft (*.eml)</source>
        <translation>Sähköpostiluonnos (*.eml)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="282"/>
        <source>Could not save the draft: {reason}</source>
        <translation>Luonnosta ei voitu tallentaa: {reason}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="286"/>
        <source>Saved the draft to {path}; open it in your mail client to send.</source>
        <translation>Luonnos tallennettu: {path}; avaa se sähköpostiohjelmassa lähettääksesi.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="300"/>
        <source>Not marked: {reason}</source>
        <translation>Ei merkitty: {reason}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="309"/>
        <source>Marked contacted today.</source>
        <translation>Merkitty: yhteys otettu tänään.</translation>
    </message>
</context>
<context>
    <name>AppContext</name>
    <message>
        <location filename="../../lea_desktop/ui/context.py" line="97"/>
        <source>The rolling backup could not be written: {explain_exc}</source>
        <translation>Varmuuskopiota ei voitu kirjoittaa: {explain_exc}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/context.py" line="314"/>
        <source>Something went wrong in the background ({type_exc_name}).</source>
        <translation>Taustatehtävässä tapahtui virhe ({type_exc_name}).</translation>
    </message>
</context>
<context>
    <name>BarList</name>
    <message>
        <location filename="../../lea_desktop/ui/dashboard_widgets.py" line="35"/>
        <location filename="../../lea_desktop/ui/dashboard_widgets.py" line="50"/>
        <source>Nothing yet</source>
        <translation>Ei vielä mitään</translation>
    </message>
</context>
<context>
    <name>CardsPage</name>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="95"/>
        <source>Cards and paper forms</source>
        <translation>Kortit ja paperilomakkeet</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="113"/>
        <source>What to print</source>
        <translation>Mitä tulostetaan</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="115"/>
        <source>Print</source>
        <translation>Tulosta</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="118"/>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="119"/>
        <source>Event</source>
        <translation>Tapahtuma</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="122"/>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="125"/>
        <source>Language</source>
        <translation>Kieli</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="129"/>
        <source>Your name</source>
        <translation>Nimesi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="134"/>
        <source>Partner organisation</source>
        <translation>Kumppaniorganisaatio</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="140"/>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="153"/>
        <source>Email</source>
        <translation>Sähköposti</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="145"/>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="154"/>
        <source>Phone</source>
        <translation>Puhelin</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="151"/>
        <source>Name</source>
        <translation>Nimi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="152"/>
        <source>Organisation</source>
        <translation>Organisaatio</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="161"/>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="165"/>
        <source>How many</source>
        <translation>Määrä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="167"/>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="169"/>
        <source>Layout</source>
        <translation>Asettelu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="190"/>
        <source>Preview of the first page</source>
        <translation>Ensimmäisen sivun esikatselu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="210"/>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="218"/>
        <source>Open last PDF</source>
        <translation>Avaa viimeisin PDF</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="223"/>
        <source>Open the PDF you saved last in the system&apos;s viewer</source>
        <translation>Avaa viimeksi tallentamasi PDF järjestelmän katseluohjelmassa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="228"/>
        <source>Print…</source>
        <translation>Tulosta…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="231"/>
        <source>Save PDF…</source>
        <translation>Tallenna PDF…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="353"/>
        <source>The code opens {readable_link_job_signup_url}, tagged with this event.</source>
        <translation>Koodi avaa osoitteen {readable_link_job_signup_url}, tähän tapahtumaan merkittynä.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="553"/>
        <source>{n} stand card</source>
        <translation>{n} osastokortti</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="554"/>
        <source>{n} stand cards</source>
        <translation>{n} osastokorttia</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="559"/>
        <source>{n} staff card</source>
        <translation>{n} henkilökuntakortti</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="560"/>
        <source>{n} staff cards</source>
        <translation>{n} henkilökuntakorttia</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="564"/>
        <source>{n} sign-up sheet</source>
        <translation>{n} ilmoittautumislomake</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="565"/>
        <source>{n} sign-up sheets</source>
        <translation>{n} ilmoittautumislomaketta</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="358"/>
        <source>The code holds your contact as a vCard, ready to save in a phone.</source>
        <translation>Koodissa on yhteystietosi vCard-muodossa, valmiina tallennettavaksi puhelimeen.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="361"/>
        <source>Each sheet gets its own short id (top right). Key sheets in as CSV and import them with --from-paper (the sheet explains how).</source>
        <translation>Jokainen arkki saa oman lyhyen tunnuksen (oikeassa yläkulmassa). Syötä arkit CSV-tiedostoon ja tuo ne valinnalla --from-paper (arkissa on ohjeet).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="425"/>
        <source>Page 1 of {total:,}</source>
        <translation>Sivu 1/{total:,}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="432"/>
        <source>Preview failed ({type_exc_name}).</source>
        <translation>Esikatselu epäonnistui ({type_exc_name}).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="478"/>
        <source>Save PDF</source>
        <translation>Tallenna PDF</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="480"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-tiedostot (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="524"/>
        <source>Saved {what_job} ({pages:,} pages) to {path}.</source>
        <translation>Tallennettu: {what_job} ({pages:,} sivua), {path}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="533"/>
        <source>Saving {what_job}…</source>
        <translation>Tallennetaan: {what_job}…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="609"/>
        <source>Sent {what_job} ({pages:,} pages) to the printer.</source>
        <translation>Lähetetty tulostimelle: {what_job} ({pages:,} sivua).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="618"/>
        <source>Printing {what_job}…</source>
        <translation>Tulostetaan: {what_job}…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="635"/>
        <source>{text} %v of %m pages</source>
        <translation>{text} %v/%m sivua</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="647"/>
        <source>Could not finish ({type_exc_name}); nothing was changed.</source>
        <translation>Ei voitu viedä loppuun ({type_exc_name}); mitään ei muutettu.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="663"/>
        <source>Cancelled; no file was written.</source>
        <translation>Peruutettu; tiedostoa ei kirjoitettu.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="678"/>
        <source>No PDF viewer could open {last_pdf}.</source>
        <translation>Mikään PDF-katseluohjelma ei voinut avata tiedostoa {last_pdf}.</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="36"/>
        <source>(empty)</source>
        <translation>(tyhjä)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="54"/>
        <source>Changed on two laptops</source>
        <translation>Muutettu kahdella koneella</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="57"/>
        <source>another laptop</source>
        <translation>toinen kone</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="61"/>
        <source>{name} was changed on this laptop and on {where} (at {when}) before either knew of the other&apos;s change. Both copies are kept until you choose: keep all of one copy, or tick in each row the answer to keep and merge.</source>
        <translation>{name} muutettiin tällä koneella ja kohteessa {where} ({when}) ennen kuin kumpikaan tiesi toisen muutoksesta. Molemmat versiot säilytetään, kunnes valitset: pidä toinen versio kokonaan tai valitse jokaiselta riviltä säilytettävä vastaus ja yhdistä.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="129"/>
        <source>Keep all mine</source>
        <translation>Pidä kaikki omani</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="134"/>
        <source>This laptop&apos;s copy, every answer, replaces the other at the next sync</source>
        <translation>Tämän koneen versio, kaikki vastaukset, korvaa toisen seuraavassa synkronoinnissa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="140"/>
        <source>Take all theirs</source>
        <translation>Ota kaikki toisen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="145"/>
        <source>The other laptop&apos;s copy, every answer, replaces this laptop&apos;s edit</source>
        <translation>Toisen koneen versio, kaikki vastaukset, korvaa tämän koneen muutoksen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="151"/>
        <source>Merge the ticked answers</source>
        <translation>Yhdistä valitut vastaukset</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="156"/>
        <source>Each answer from the copy ticked in its row above</source>
        <translation>Kukin vastaus siitä versiosta, joka on valittu sen rivillä yllä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="80"/>
        <source>Field</source>
        <translation>Kenttä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="81"/>
        <source>This laptop</source>
        <translation>Tämä kone</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="119"/>
        <source>The answers are the same; the copies differ only in other details.</source>
        <translation>Vastaukset ovat samat; versiot eroavat vain muissa tiedoissa.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/conflict_dialog.py" line="164"/>
        <source>Decide later</source>
        <translation>Päätä myöhemmin</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="203"/>
        <source>Dashboard</source>
        <translation>Yleiskatsaus</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="214"/>
        <source>Show</source>
        <translation>Näytä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="225"/>
        <source>Show figures for</source>
        <translation>Näytä luvut</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="227"/>
        <source>Active event</source>
        <translation>Aktiivinen tapahtuma</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="228"/>
        <source>All events</source>
        <translation>Kaikki tapahtumat</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="230"/>
        <source>Whole consortium</source>
        <translation>Koko konsortio</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="235"/>
        <source>Export…</source>
        <translation>Vie…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="239"/>
        <source>Save the session summary (PDF, Excel, JSON) or the Appendix 7.1 partner report</source>
        <translation>Tallenna tapahtumayhteenveto (PDF, Excel, JSON) tai liitteen 7.1 kumppaniraportti</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="284"/>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="393"/>
        <source>Followers by country</source>
        <translation>Seuraajat maittain</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="300"/>
        <source>Table 7 targets</source>
        <translation>Taulukon 7 tavoitteet</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="308"/>
        <source>LEA-N member states</source>
        <translation>LEA-N-jäsenvaltiot</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="309"/>
        <source>Procurers</source>
        <translation>Hankkijat</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="310"/>
        <source>Schools</source>
        <translation>Koulut</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="329"/>
        <source>Table 7: LEA-N members from 15 member states, 25 procurers, 30 schools. A member state counts for LEA-N once it has a procurer who chose the LEA-N interest or a signed letter of intent.</source>
        <translation>Taulukko 7: LEA-N-jäseniä 15 jäsenvaltiosta, 25 hankkijaa, 30 koulua. Jäsenvaltio lasketaan LEA-N:ään, kun siellä on hankkija, joka on valinnut LEA-N-kiinnostuksen tai allekirjoittanut aiesopimuksen.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="340"/>
        <source>Member states still missing</source>
        <translation>Vielä puuttuvat jäsenvaltiot</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="350"/>
        <source>EU member states without followers and who is responsible</source>
        <translation>EU-jäsenvaltiot ilman seuraajia ja niiden vastuukumppanit</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="356"/>
        <source>Member state</source>
        <translation>Jäsenvaltio</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="357"/>
        <source>Responsible partner</source>
        <translation>Vastuukumppani</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="380"/>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="381"/>
        <source>Followers by type</source>
        <translation>Seuraajat tyypeittäin</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="382"/>
        <source>One organisation may tick several types.</source>
        <translation>Organisaatio voi valita useita tyyppejä.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="386"/>
        <source>Who collected how many</source>
        <translation>Kuka keräsi kuinka monta</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="388"/>
        <source>Followers by staff member</source>
        <translation>Seuraajat kerääjittäin</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="392"/>
        <source>Top countries</source>
        <translation>Eniten seuraajia</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="397"/>
        <source>New followers</source>
        <translation>Uudet seuraajat</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="398"/>
        <source>New followers per day</source>
        <translation>Uudet seuraajat päivittäin</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="402"/>
        <source>To follow up</source>
        <translation>Jatkotoimet</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="404"/>
        <source>Followers not contacted yet, by follow-up owner</source>
        <translation>Seuraajat, joihin ei ole vielä otettu yhteyttä, vastuutahoittain</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="407"/>
        <source>Followers with an owner and no contact date; how many are due by today.</source>
        <translation>Seuraajat, joilla on vastuutaho mutta ei yhteydenottopäivää; montako on erääntynyt tänään mennessä.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="456"/>
        <source>Active event: {event_name}</source>
        <translation>Aktiivinen tapahtuma: {event_name}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="460"/>
        <source>Active event (none chosen)</source>
        <translation>Aktiivinen tapahtuma (ei valittu)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="466"/>
        <source>{consortium} — {count} events with followers</source>
        <translation>{consortium} — {count} tapahtumaa, joissa seuraajia</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="475"/>
        <source>All events — {count} {noun} with followers</source>
        <translation>Kaikki tapahtumat — {count} ({noun}), joissa seuraajia</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="482"/>
        <source>No active event. Choose one on the Events page, or show all events.</source>
        <translation>Ei aktiivista tapahtumaa. Valitse tapahtuma Tapahtumat-sivulla tai näytä kaikki tapahtumat.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="495"/>
        <source>Whole consortium (no sync with the databank yet)</source>
        <translation>Koko konsortio (ei vielä synkronoitu tietopankin kanssa)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="500"/>
        <source>Whole consortium (as of the last sync, {time})</source>
        <translation>Koko konsortio (viimeisimmän synkronoinnin mukaan, {time})</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="538"/>
        <source>Counting…</source>
        <translation>Lasketaan…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="578"/>
        <source>Could not count the followers ({type_exc_name}).</source>
        <translation>Seuraajia ei voitu laskea ({type_exc_name}).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="619"/>
        <source>follower</source>
        <translation>seuraaja</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="621"/>
        <source>followers</source>
        <translation>seuraajaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="625"/>
        <source>procurers · {share} of followers</source>
        <translation>hankkijaa · {share} seuraajista</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="631"/>
        <source>suppliers · {share} of followers</source>
        <translation>toimittajaa · {share} seuraajista</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="645"/>
        <source>{count} to go</source>
        <translation>{count} jäljellä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="650"/>
        <source>✓ met</source>
        <translation>✓ saavutettu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="660"/>
        <source>{label}: {value:,} of {target:,} ({explanation})</source>
        <translation>{label}: {value:,}/{target:,} ({explanation})</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="664"/>
        <source>. Now: {states}</source>
        <translation>. Nyt: {states}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="666"/>
        <source>none</source>
        <translation>ei yhtään</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="672"/>
        <source>{len_missing} of {eu_total} EU member states have no follower yet — who is responsible (Appendix 7.1):</source>
        <translation>{len_missing}/{eu_total} EU-jäsenvaltiossa ei ole vielä seuraajaa — vastuukumppanit (liite 7.1):</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="677"/>
        <source>Every EU member state has at least one follower.</source>
        <translation>Jokaisessa EU-jäsenvaltiossa on vähintään yksi seuraaja.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="694"/>
        <source>, {others} more ({rest:,})</source>
        <translation>, {others} muuta ({rest:,})</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="698"/>
        <source>Outside the map: {text}.</source>
        <translation>Kartan ulkopuolella: {text}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="720"/>
        <source>{count} other countries</source>
        <translation>{count} muuta maata</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="729"/>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="738"/>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="742"/>
        <source>No followers yet</source>
        <translation>Ei vielä seuraajia</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="747"/>
        <source>{open} · {due} due</source>
        <translation>{open} · {due} erääntynyt</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="752"/>
        <source>No follow-up waiting</source>
        <translation>Ei odottavia jatkotoimia</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="755"/>
        <source>Updated {time_strftime_h_m_s}</source>
        <translation>Päivitetty {time_strftime_h_m_s}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="804"/>
        <source>Writing {out_name}…</source>
        <translation>Kirjoitetaan {out_name}…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="828"/>
        <source>Saved {written_name}</source>
        <translation>Tallennettu {written_name}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="833"/>
        <source>Saved {written}</source>
        <translation>Tallennettu {written}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="843"/>
        <source>Cannot write {out}: {exc_strerror_or_exc}</source>
        <translation>Tiedostoa {out} ei voi kirjoittaa: {exc_strerror_or_exc}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="847"/>
        <source>Could not write {out_name} ({type_exc_name}).</source>
        <translation>Tiedostoa {out_name} ei voitu kirjoittaa ({type_exc_name}).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="856"/>
        <source>Writing {out_name}: {p_done:,} of {p_total:,} followers…</source>
        <translation>Kirjoitetaan {out_name}: {p_done:,}/{p_total:,} seuraajaa…</translation>
    </message>
</context>
<context>
    <name>EuropeMap</name>
    <message>
        <location filename="../../lea_desktop/ui/europe_map.py" line="75"/>
        <source>Map of followers by country</source>
        <translation>Kartta seuraajista maittain</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/europe_map.py" line="107"/>
        <source>{country} — 1 follower</source>
        <translation>{country} — 1 seuraaja</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/europe_map.py" line="111"/>
        <source>{country} — {count} followers</source>
        <translation>{country} — {count} seuraajaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/europe_map.py" line="115"/>
        <source> (EU member state still missing)</source>
        <translation> (EU-jäsenvaltio puuttuu vielä)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/europe_map.py" line="188"/>
        <source>none</source>
        <translation>ei yhtään</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/europe_map.py" line="189"/>
        <source>EU, none yet</source>
        <translation>EU, ei vielä seuraajia</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/europe_map.py" line="201"/>
        <location filename="../../lea_desktop/ui/europe_map.py" line="223"/>
        <source>Followers</source>
        <translation>Seuraajat</translation>
    </message>
</context>
<context>
    <name>EventsPage</name>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="67"/>
        <location filename="../../lea_desktop/ui/pages/events.py" line="91"/>
        <source>Events</source>
        <translation>Tapahtumat</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="73"/>
        <source>Load example events</source>
        <translation>Lataa esimerkkitapahtumat</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="78"/>
        <source>Remove example events</source>
        <translation>Poista esimerkkitapahtumat</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="99"/>
        <source>Show archived</source>
        <translation>Näytä arkistoidut</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="103"/>
        <source>New event</source>
        <translation>Uusi tapahtuma</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="182"/>
        <source>Name</source>
        <translation>Nimi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="183"/>
        <source>City</source>
        <translation>Kaupunki</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="186"/>
        <source>Country</source>
        <translation>Maa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="194"/>
        <source>Starts</source>
        <translation>Alkaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="200"/>
        <source>Ends</source>
        <translation>Päättyy</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="201"/>
        <source>Kind</source>
        <translation>Laji</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="204"/>
        <source>Responsible partner</source>
        <translation>Vastuukumppani</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="210"/>
        <source>Notes</source>
        <translation>Muistiinpanot</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="244"/>
        <location filename="../../lea_desktop/ui/pages/events.py" line="319"/>
        <source>Archive</source>
        <translation>Arkistoi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="248"/>
        <source>Use for sign-ups</source>
        <translation>Aktivoi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="252"/>
        <source>Save event</source>
        <translation>Tallenna tapahtuma</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="306"/>
        <source>EDIT EVENT</source>
        <translation>MUOKKAA TAPAHTUMAA</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="308"/>
        <source>NEW EVENT</source>
        <translation>UUSI TAPAHTUMA</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="311"/>
        <source>Save changes</source>
        <translation>Tallenna muutokset</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="313"/>
        <source>Create event</source>
        <translation>Luo tapahtuma</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="317"/>
        <source>Restore</source>
        <translation>Palauta</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="334"/>
        <source>Example event: for looking only, not used for sign-ups and never sent to the databank. Change its details and save to make it a real event.</source>
        <translation>Esimerkkitapahtuma: vain katseltavaksi, ei käytetä ilmoittautumisiin eikä lähetetä tietopankkiin. Muuta sen tietoja ja tallenna tehdäksesi siitä oikean tapahtuman.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="340"/>
        <source>Sign-ups now go to this event.</source>
        <translation>Ilmoittautumiset kirjataan nyt tähän tapahtumaan.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="343"/>
        <source>Archived: not offered for sign-ups.</source>
        <translation>Arkistoitu: ei tarjolla ilmoittautumisille.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="347"/>
        <source>Made on another laptop: only that laptop can change it.</source>
        <translation>Luotu toisella koneella: vain se kone voi muuttaa sitä.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="403"/>
        <source>No events yet. Create the event you are at, or load the {len_seed} example events of the LEA report ({names}, …) to try the app out.</source>
        <translation>Ei vielä tapahtumia. Luo tapahtuma, jossa olet, tai lataa LEA-raportin {len_seed} esimerkkitapahtumaa ({names}, …) kokeillaksesi sovellusta.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="414"/>
        <source>{n} example event to try the app out: never used for sign-ups and never sent to the databank.</source>
        <translation>{n} esimerkkitapahtuma sovelluksen kokeilemiseen: ei koskaan käytetä ilmoittautumisiin eikä lähetetä tietopankkiin.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="418"/>
        <source>{n} example events to try the app out: never used for sign-ups and never sent to the databank.</source>
        <translation>{n} esimerkkitapahtumaa sovelluksen kokeilemiseen: ei koskaan käytetä ilmoittautumisiin eikä lähetetä tietopankkiin.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="577"/>
        <source>Loaded {n} example event: for looking only, not used for sign-ups.</source>
        <translation>Ladattu {n} esimerkkitapahtuma: vain katseltavaksi, ei käytetä ilmoittautumisiin.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="581"/>
        <source>Loaded {n} example events: for looking only, not used for sign-ups.</source>
        <translation>Ladattu {n} esimerkkitapahtumaa: vain katseltavaksi, ei käytetä ilmoittautumisiin.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="440"/>
        <source> · example</source>
        <translation> · esimerkki</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="45"/>
        <source>Fair</source>
        <translation>Messut</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="46"/>
        <source>Conference</source>
        <translation>Konferenssi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="47"/>
        <source>Workshop</source>
        <translation>Työpaja</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="48"/>
        <source>Webinar</source>
        <translation>Webinaari</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="49"/>
        <source>Open market consultation</source>
        <translation>Markkinavuoropuhelu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="444"/>
        <source> · archived</source>
        <translation> · arkistoitu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="500"/>
        <source>Created {event_name}.</source>
        <translation>Luotu: {event_name}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="505"/>
        <source>Saved {event_name}.</source>
        <translation>Tallennettu: {event_name}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="531"/>
        <source>Sign-ups now go to {event_name}.</source>
        <translation>Ilmoittautumiset kirjataan nyt tapahtumaan {event_name}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="555"/>
        <source>Archived {event}.</source>
        <translation>Arkistoitu: {event}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="557"/>
        <source>Restored {event}.</source>
        <translation>Palautettu: {event}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="608"/>
        <source>Removed {n} example event.</source>
        <translation>Poistettu {n} esimerkkitapahtuma.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="609"/>
        <source>Removed {n} example events.</source>
        <translation>Poistettu {n} esimerkkitapahtumaa.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="614"/>
        <source> {n} kept: sign-ups were imported into it.</source>
        <translation> {n} säilytetty: siihen on tuotu ilmoittautumisia.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="617"/>
        <source> {n} kept: sign-ups were imported into them.</source>
        <translation> {n} säilytetty: niihin on tuotu ilmoittautumisia.</translation>
    </message>
</context>
<context>
    <name>FirstRunPanel</name>
    <message>
        <location filename="../../lea_desktop/ui/first_run.py" line="38"/>
        <source>Welcome! Who is collecting sign-ups on this laptop?</source>
        <translation>Tervetuloa! Kuka kerää ilmoittautumisia tällä koneella?</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/first_run.py" line="44"/>
        <source>Your name and partner organisation are recorded with each sign-up you collect. You can start signing people up now and answer this later.</source>
        <translation>Nimesi ja kumppaniorganisaatiosi tallennetaan jokaiseen keräämääsi ilmoittautumiseen. Voit aloittaa ilmoittautumisten keräämisen heti ja vastata tähän myöhemmin.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/first_run.py" line="56"/>
        <location filename="../../lea_desktop/ui/first_run.py" line="57"/>
        <source>Your name</source>
        <translation>Nimesi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/first_run.py" line="61"/>
        <source>Partner organisation</source>
        <translation>Kumppaniorganisaatio</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/first_run.py" line="64"/>
        <source>Choose your partner organisation…</source>
        <translation>Valitse kumppaniorganisaatiosi…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/first_run.py" line="76"/>
        <source>Save</source>
        <translation>Tallenna</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/first_run.py" line="80"/>
        <source>Later</source>
        <translation>Myöhemmin</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/first_run.py" line="103"/>
        <source>Please type your name.</source>
        <translation>Kirjoita nimesi.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/first_run.py" line="106"/>
        <source>Please choose your partner organisation.</source>
        <translation>Valitse kumppaniorganisaatiosi.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/first_run.py" line="125"/>
        <source>Thank you, {join_name_split}. Sign-ups you collect carry your name.</source>
        <translation>Kiitos, {join_name_split}. Keräämiisi ilmoittautumisiin tallennetaan nimesi.</translation>
    </message>
</context>
<context>
    <name>FollowerEditor</name>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="186"/>
        <source>Follower: {describe_reg}</source>
        <translation>Seuraaja: {describe_reg}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="198"/>
        <source>Signed up {local_time_reg_created_at}</source>
        <translation>Ilmoittautunut {local_time_reg_created_at}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="204"/>
        <source>at {event}</source>
        <translation>tapahtumassa {event}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="208"/>
        <source>by {name}</source>
        <translation>kerääjä {name}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="214"/>
        <source>· letter of intent {status} {date}</source>
        <translation>· aiesopimus {status} {date}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="96"/>
        <source>Erase…</source>
        <translation>Poista…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="103"/>
        <source>Cancel</source>
        <translation>Peruuta</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="109"/>
        <source>Save changes</source>
        <translation>Tallenna muutokset</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="116"/>
        <source>LEA-N procurer…</source>
        <translation>LEA-N-hankkija…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="120"/>
        <source>Letter of intent and assistance requests</source>
        <translation>Aiesopimus ja tukipyynnöt</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="236"/>
        <source>Saved changes to {describe_result_registration}.</source>
        <translation>Muutokset tallennettu: {describe_result_registration}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="256"/>
        <source>Discard changes?</source>
        <translation>Hylätäänkö muutokset?</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="257"/>
        <source>Your changes to {describe_self_reg} are not saved.</source>
        <translation>Muutoksiasi kohteeseen {describe_self_reg} ei ole tallennettu.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="260"/>
        <source>Keep editing</source>
        <translation>Jatka muokkaamista</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="261"/>
        <source>Discard changes</source>
        <translation>Hylkää muutokset</translation>
    </message>
</context>
<context>
    <name>FollowersPage</name>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="66"/>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="110"/>
        <source>Followers</source>
        <translation>Seuraajat</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="75"/>
        <source>Filter followers</source>
        <translation>Suodata seuraajia</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="81"/>
        <source>Filter by </source>
        <translation>Suodata: </translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="89"/>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="361"/>
        <source>This event</source>
        <translation>Tämä tapahtuma</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="93"/>
        <source>All events</source>
        <translation>Kaikki tapahtumat</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="148"/>
        <source>Open…</source>
        <translation>Avaa…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="152"/>
        <source>Erase…</source>
        <translation>Poista…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="155"/>
        <source>Erase this person everywhere, backups included (Delete)</source>
        <translation>Poista tämä henkilö kaikkialta, myös varmuuskopioista (Delete)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="198"/>
        <source>Filter by rating</source>
        <translation>Suodata arvion mukaan</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="200"/>
        <source>Any rating</source>
        <translation>Mikä tahansa arvio</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="206"/>
        <source>Filter by follow-up owner</source>
        <translation>Suodata jatkotoimien vastuutahon mukaan</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="208"/>
        <source>Any owner</source>
        <translation>Mikä tahansa vastuutaho</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="210"/>
        <source>No owner yet</source>
        <translation>Ei vielä vastuutahoa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="215"/>
        <source>Due for follow-up</source>
        <translation>Erääntyneet</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="220"/>
        <source>Only followers due by today and not contacted yet</source>
        <translation>Vain seuraajat, joiden jatkotoimet ovat erääntyneet tänään mennessä ja joihin ei ole otettu yhteyttä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="232"/>
        <source>Sort by</source>
        <translation>Lajittele</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="233"/>
        <source>Newest first</source>
        <translation>Uusimmat ensin</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="235"/>
        <source>Follow-up date, soonest first</source>
        <translation>Jatkotoimien päivä, aikaisin ensin</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="236"/>
        <source>Rating, hot first</source>
        <translation>Arvio, kuumat ensin</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="237"/>
        <source>Follow-up owner, A–Z</source>
        <translation>Jatkotoimien vastuutaho, A–Ö</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="328"/>
        <source>in all events</source>
        <translation>kaikissa tapahtumissa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="330"/>
        <source>at {event}</source>
        <translation>tapahtumassa {event}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="333"/>
        <source>1 follower</source>
        <translation>1 seuraaja</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="335"/>
        <source>{count} followers</source>
        <translation>{count} seuraajaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="342"/>
        <source> (narrowed)</source>
        <translation> (rajattu)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="346"/>
        <source> matching “{term}”</source>
        <translation>, hakuehto ”{term}”</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followers.py" line="366"/>
        <source>Only followers of the active event</source>
        <translation>Vain aktiivisen tapahtuman seuraajat</translation>
    </message>
</context>
<context>
    <name>FollowupPage</name>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="39"/>
        <source>Suggested (LEA-N invitation for procurers)</source>
        <translation>Ehdotettu (hankkijoille LEA-N-kutsu)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="40"/>
        <source>Welcome</source>
        <translation>Tervetuloa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="41"/>
        <source>LEA-N invitation</source>
        <translation>LEA-N-kutsu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="44"/>
        <source>Follow up by</source>
        <translation>Jatkotoimet viimeistään</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="45"/>
        <source>Organisation</source>
        <translation>Organisaatio</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="46"/>
        <source>Contact</source>
        <translation>Yhteyshenkilö</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="47"/>
        <source>Email</source>
        <translation>Sähköposti</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="48"/>
        <source>Rating</source>
        <translation>Arvio</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="49"/>
        <source>Next step</source>
        <translation>Seuraava askel</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="50"/>
        <source>Owner</source>
        <translation>Vastuutaho</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/followup.py" line="51"/>
        <source>Language</source>
        <translation>Kieli</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../lea_desktop/ui/kiosk.py" line="159"/>
        <location filename="../../lea_desktop/ui/kiosk.py" line="612"/>
        <location filename="../../lea_desktop/ui/kiosk.py" line="619"/>
        <source>Become a LEA Follower</source>
        <translation>Ryhdy LEA-seuraajaksi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/kiosk.py" line="254"/>
        <source>Staff: enter the PIN to leave the kiosk</source>
        <translation>Henkilökunta: poistu kioskista PIN-koodilla</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/kiosk.py" line="257"/>
        <source>Staff only: leave the kiosk with the PIN</source>
        <translation>Vain henkilökunnalle: poistu kioskista PIN-koodilla</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/kiosk.py" line="359"/>
        <source>Staff PIN</source>
        <translation>Henkilökunnan PIN-koodi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/kiosk.py" line="378"/>
        <source>Delete last digit</source>
        <translation>Poista viimeinen numero</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/kiosk.py" line="397"/>
        <source>Back to the form</source>
        <translation>Takaisin lomakkeeseen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/kiosk.py" line="433"/>
        <source>Staff: no event is chosen. Leave the kiosk and choose the event first.</source>
        <translation>Henkilökunta: tapahtumaa ei ole valittu. Poistu kioskista ja valitse ensin tapahtuma.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/kiosk.py" line="512"/>
        <location filename="../../lea_desktop/ui/kiosk.py" line="563"/>
        <source>Enter the staff PIN to leave the kiosk.</source>
        <translation>Poistu kioskista kirjoittamalla henkilökunnan PIN-koodi.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/kiosk.py" line="542"/>
        <source>Wrong PIN.</source>
        <translation>Väärä PIN-koodi.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/kiosk.py" line="550"/>
        <source>{max_failures} wrong PINs. Wait {lockout_ms_1000} seconds.</source>
        <translation>{max_failures} väärää PIN-koodia. Odota {lockout_ms_1000} sekuntia.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/kiosk.py" line="623"/>
        <source>Getting ready… one moment, please.</source>
        <translation>Valmistellaan… hetki, ole hyvä.</translation>
    </message>
</context>
<context>
    <name>LanguageSwitch</name>
    <message>
        <location filename="../../lea_desktop/ui/widgets.py" line="224"/>
        <source>Form language</source>
        <translation>Lomakkeen kieli</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="60"/>
        <location filename="../../lea_desktop/ui/main_window.py" line="187"/>
        <source>LEA Desktop</source>
        <translation>LEA Desktop</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="89"/>
        <source>Pages</source>
        <translation>Sivut</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="112"/>
        <source>Opening the database…</source>
        <translation>Avataan tietokantaa…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="135"/>
        <source>Language of these screens</source>
        <translation>Näiden näyttöjen kieli</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="156"/>
        <source>The staff screens change to this language at the next start.</source>
        <translation>Henkilökunnan näytöt vaihtuvat tälle kielelle seuraavalla käynnistyskerralla.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="171"/>
        <source>Updating the database…</source>
        <translation>Päivitetään tietokantaa…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="174"/>
        <source>Updating the database for this version of the app (once, a few seconds). What you type is kept.</source>
        <translation>Tietokantaa päivitetään sovelluksen tälle versiolle (kerran, muutama sekunti). Kirjoittamasi säilyy.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="192"/>
        <source>Signing up for</source>
        <translation>Ilmoittautuminen tapahtumaan</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="200"/>
        <source>Change…</source>
        <translation>Vaihda…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="203"/>
        <source>Choose the event new sign-ups go to</source>
        <translation>Valitse tapahtuma, johon uudet ilmoittautumiset kirjataan</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="327"/>
        <location filename="../../lea_desktop/ui/main_window.py" line="349"/>
        <source>No active event</source>
        <translation>Ei aktiivista tapahtumaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="357"/>
        <source>To sync: {queue_counts_by_kind_if_by_kin}</source>
        <translation>Synkronoitavana: {queue_counts_by_kind_if_by_kin}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="351"/>
        <source>Today: {counts_get_today_0:,}</source>
        <translation>Tänään: {counts_get_today_0:,}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="406"/>
        <source>Close LEA Desktop?</source>
        <translation>Suljetaanko LEA Desktop?</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="408"/>
        <source>Close anyway and lose it, or go back and save it?</source>
        <translation>Suljetaanko silti ja menetetään se, vai palataanko tallentamaan?</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="411"/>
        <source>Go back to it</source>
        <translation>Palaa siihen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="412"/>
        <source>Close and lose it</source>
        <translation>Sulje ja menetä se</translation>
    </message>
</context>
<context>
    <name>PrivacyPage</name>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="52"/>
        <source>Privacy</source>
        <translation>Tietosuoja</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="113"/>
        <source>On this laptop</source>
        <translation>Tällä koneella</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="127"/>
        <source>Records not yet synced are kept in full: they exist nowhere else. Personal data of synced records is removed after the retention period.</source>
        <translation>Synkronoimattomat tietueet säilytetään kokonaan: niitä ei ole muualla. Synkronoitujen tietueiden henkilötiedot poistetaan säilytysajan jälkeen.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="152"/>
        <source>No sign-ups on this laptop yet.</source>
        <translation>Tällä koneella ei ole vielä ilmoittautumisia.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="169"/>
        <source>Every record has reached the databank.</source>
        <translation>Kaikki tietueet ovat tietopankissa.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="184"/>
        <source>{purged:,} kept without personal data (retention); {erased:,} erased on request.</source>
        <translation>{purged:,} säilytetty ilman henkilötietoja (säilytysaika); {erased:,} poistettu pyynnöstä.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="203"/>
        <source>Next removal of personal data: {local_time_due_next_due}.</source>
        <translation>Seuraava henkilötietojen poisto: {local_time_due_next_due}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="212"/>
        <source>Could not count the records ({type_exc_name}).</source>
        <translation>Tietueita ei voitu laskea ({type_exc_name}).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="222"/>
        <source>Retention</source>
        <translation>Säilytysaika</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="233"/>
        <source> days</source>
        <translation> päivää</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="235"/>
        <source>Retention period in days</source>
        <translation>Säilytysaika päivinä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="240"/>
        <source>Keep personal data for</source>
        <translation>Säilytä henkilötiedot</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="246"/>
        <source>Remove expired personal data now</source>
        <translation>Poista vanhentuneet henkilötiedot nyt</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="264"/>
        <source>Removing expired personal data…</source>
        <translation>Poistetaan vanhentuneita henkilötietoja…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="156"/>
        <source>{plural_held_unsynced_sign_up} not yet synced with the databank.</source>
        <translation>Tietopankkiin synkronoimatta: {plural_held_unsynced_sign_up}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="35"/>
        <source>Personal data ({fields}) is removed from this laptop (database and backups) this many days after the databank has confirmed it has them. The other answers stay for the reports.</source>
        <translation>Henkilötiedot ({fields}) poistetaan tältä koneelta (tietokannasta ja varmuuskopioista) näin monen päivän kuluttua siitä, kun tietopankki on vahvistanut saaneensa ne. Muut vastaukset jäävät raportteja varten.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="174"/>
        <source>{total} in all; {personal:,} with personal data.</source>
        <translation>Yhteensä {total}; niistä henkilötietoja sisältää {personal:,}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="191"/>
        <source>{due} due for removal of personal data now.</source>
        <translation>Henkilötiedot on nyt poistettava: {due}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="270"/>
        <source>Removed the personal data of {plural_report_purged_sign_up}; {report_unsynced:,} not yet synced are kept in full.</source>
        <translation>Henkilötiedot poistettu: {plural_report_purged_sign_up}; {report_unsynced:,} synkronoimatonta säilytetään kokonaan.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="291"/>
        <source>The purge failed ({type_exc_name}).</source>
        <translation>Poisto epäonnistui ({type_exc_name}).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="306"/>
        <source>Self-service kiosk</source>
        <translation>Itsepalvelukioski</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="307"/>
        <source>Turn the laptop to a visitor: the sign-up form full screen, no list, no staff fields. It clears itself after each sign-up and when left unused; leaving it needs the staff PIN.</source>
        <translation>Käännä kone kävijää kohti: ilmoittautumislomake koko näytöllä, ei luetteloa eikä henkilökunnan kenttiä. Lomake tyhjenee jokaisen ilmoittautumisen jälkeen ja kun sitä ei käytetä; poistuminen vaatii henkilökunnan PIN-koodin.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="320"/>
        <source>New PIN (4–12 digits)</source>
        <translation>Uusi PIN-koodi (4–12 numeroa)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="322"/>
        <source>New staff PIN</source>
        <translation>Uusi henkilökunnan PIN-koodi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="327"/>
        <source>Once more</source>
        <translation>Uudelleen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="329"/>
        <source>New staff PIN once more</source>
        <translation>Uusi henkilökunnan PIN-koodi uudelleen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="335"/>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="397"/>
        <source>Set PIN</source>
        <translation>Aseta PIN-koodi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="352"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="354"/>
        <source>Clear the kiosk form after this many idle seconds</source>
        <translation>Tyhjennä kioskin lomake näin monen käyttämättömän sekunnin jälkeen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="363"/>
        <source>Clear the form after</source>
        <translation>Tyhjennä lomake, kun</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="366"/>
        <source>without a touch</source>
        <translation>on kulunut ilman kosketusta</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="370"/>
        <source>Start kiosk</source>
        <translation>Käynnistä kioski</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="382"/>
        <source>A staff PIN is set: staff type it to leave the kiosk.</source>
        <translation>Henkilökunnan PIN-koodi on asetettu: sillä poistutaan kioskista.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="386"/>
        <source>The kiosk needs a staff PIN first (staff type it to leave the kiosk). Choose one here:</source>
        <translation>Kioski tarvitsee ensin henkilökunnan PIN-koodin (sillä poistutaan kioskista). Valitse se tässä:</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="395"/>
        <source>Change PIN</source>
        <translation>Vaihda PIN-koodi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="404"/>
        <source>Set the staff PIN first: it is needed to leave the kiosk.</source>
        <translation>Aseta ensin henkilökunnan PIN-koodi: sitä tarvitaan kioskista poistumiseen.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="415"/>
        <source>The two PINs differ.</source>
        <translation>PIN-koodit eroavat toisistaan.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="426"/>
        <source>Kiosk PIN set.</source>
        <translation>Kioskin PIN-koodi asetettu.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="432"/>
        <source>Choose the event first: kiosk sign-ups are recorded against the active event.</source>
        <translation>Valitse ensin tapahtuma: kioskin ilmoittautumiset kirjataan aktiiviseen tapahtumaan.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="442"/>
        <source>Set a staff PIN first: it is needed to leave the kiosk.</source>
        <translation>Aseta ensin henkilökunnan PIN-koodi: sitä tarvitaan kioskista poistumiseen.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="474"/>
        <source>Erasing a person</source>
        <translation>Henkilön tietojen poistaminen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="475"/>
        <source>When someone asks to be forgotten: open Followers, select them and choose Erase… (or press Delete). Their record and what is attached to it leave this laptop, its backups and, at the next sync, the databank and every other laptop. Copies saved outside the app (exports, PDFs, e-mails) must be deleted by hand.</source>
        <translation>Kun joku pyytää tietojensa poistamista: avaa Seuraajat, valitse henkilö ja valitse Poista… (tai paina Delete). Hänen tietueensa ja siihen liitetyt tiedot poistuvat tältä koneelta ja sen varmuuskopioista sekä seuraavassa synkronoinnissa tietopankista ja kaikilta muilta koneilta. Sovelluksen ulkopuolelle tallennetut kopiot (viennit, PDF:t, sähköpostit) on poistettava käsin.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="480"/>
        <source>Open Followers</source>
        <translation>Avaa Seuraajat</translation>
    </message>
</context>
<context>
    <name>ProcurerDialog</name>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="95"/>
        <source>LEA-N procurer: {name}</source>
        <translation>LEA-N-hankkija: {name}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="106"/>
        <source>Letter of intent</source>
        <translation>Aiesopimus</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="110"/>
        <source>Assistance requests</source>
        <translation>Tukipyynnöt</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="120"/>
        <source>Close</source>
        <translation>Sulje</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="133"/>
        <source>Status</source>
        <translation>Tila</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="137"/>
        <source>Letter of intent status</source>
        <translation>Aiesopimuksen tila</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="143"/>
        <source>on</source>
        <translation>päivänä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="147"/>
        <source>Date offered or signed</source>
        <translation>Tarjous- tai allekirjoituspäivä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="161"/>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="255"/>
        <source>Save and open PDF…</source>
        <translation>Tallenna ja avaa PDF…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="167"/>
        <source>Save</source>
        <translation>Tallenna</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="214"/>
        <source>Letter of intent saved.</source>
        <translation>Aiesopimus tallennettu.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="237"/>
        <source>Saved requests</source>
        <translation>Tallennetut pyynnöt</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="243"/>
        <source>Saved assistance requests</source>
        <translation>Tallennetut tukipyynnöt</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="247"/>
        <source>New request</source>
        <translation>Uusi pyyntö</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="259"/>
        <source>The saved requests, or a blank form with the organisation filled in</source>
        <translation>Tallennetut pyynnöt tai tyhjä lomake, johon organisaatio on valmiiksi täytetty</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="267"/>
        <source>Save request</source>
        <translation>Tallenna pyyntö</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="285"/>
        <source>None yet.</source>
        <translation>Ei vielä yhtään.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="299"/>
        <source>Assistance request saved.</source>
        <translation>Tukipyyntö tallennettu.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="326"/>
        <source>Save PDF</source>
        <translation>Tallenna PDF</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="328"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-tiedostot (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="346"/>
        <source>Saved the {what} to {path}.</source>
        <translation>Tallennettu ({what}): {path}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="352"/>
        <source>Saved the {what} to {path}; open it from there to print it.</source>
        <translation>Tallennettu ({what}): {path}; avaa se sieltä tulostaaksesi.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="360"/>
        <source>Could not write the {what}: {exc}</source>
        <translation>Ei voitu kirjoittaa ({what}): {exc}</translation>
    </message>
</context>
<context>
    <name>Scan</name>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="198"/>
        <source>Scan a badge or business card</source>
        <translation>Skannaa nimikyltti tai käyntikortti</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="214"/>
        <source>Hold the QR code or barcode of the badge or card in front of the camera. Only the empty fields of the form are filled.</source>
        <translation>Pidä nimikyltin tai kortin QR-koodia tai viivakoodia kameran edessä. Vain lomakkeen tyhjät kentät täytetään.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="235"/>
        <source>Keep a photo of the card</source>
        <translation>Tallenna kuva kortista</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="239"/>
        <source>Attach a photo of the business card to this sign-up, to key in later. It stays on this laptop only and is erased with the person.</source>
        <translation>Liitä käyntikortin kuva tähän ilmoittautumiseen myöhemmin kirjattavaksi. Kuva pysyy vain tällä kannettavalla ja poistetaan henkilön tietojen mukana.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="247"/>
        <location filename="../../lea_desktop/ui/card_photo.py" line="53"/>
        <source>Close</source>
        <translation>Sulje</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="283"/>
        <source>Looking for a code…</source>
        <translation>Etsitään koodia…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="323"/>
        <source>Code read.</source>
        <translation>Koodi luettu.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="329"/>
        <source>A code was read, but it carries no contact details (a ticket number?). Try the other code on the badge, or type the details in.</source>
        <translation>Koodi luettiin, mutta siinä ei ole yhteystietoja (lipun numero?). Kokeile nimikyltin toista koodia tai kirjoita tiedot.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="344"/>
        <source>No picture from the camera yet.</source>
        <translation>Kamerasta ei ole vielä kuvaa.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="354"/>
        <source>Photo kept: it is attached to this sign-up when it is saved.</source>
        <translation>Kuva tallessa: se liitetään tähän ilmoittautumiseen, kun se tallennetaan.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="362"/>
        <source>The photo could not be taken. Try again.</source>
        <translation>Kuvaa ei voitu ottaa. Yritä uudelleen.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="368"/>
        <source>The camera could not be used: {reason}</source>
        <translation>Kameraa ei voitu käyttää: {reason}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/camera_scan.py" line="369"/>
        <source>no reason given</source>
        <translation>syytä ei kerrottu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="135"/>
        <source>Remove the card photo</source>
        <translation>Poista kortin kuva</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="501"/>
        <source>No camera</source>
        <translation>Ei kameraa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="503"/>
        <source>No camera found on this laptop: connect one to scan badges and business cards. Type the details in meanwhile.</source>
        <translation>Tässä kannettavassa ei ole kameraa: liitä kamera skannataksesi nimikylttejä ja käyntikortteja. Kirjoita tiedot sillä välin käsin.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="510"/>
        <source>Scan badge…</source>
        <translation>Skannaa nimikyltti…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="512"/>
        <source>Read the QR code or barcode of a badge or business card with the camera: it fills the empty fields (Ctrl+B)</source>
        <translation>Lue nimikyltin tai käyntikortin QR-koodi tai viivakoodi kameralla: se täyttää tyhjät kentät (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="579"/>
        <source>Filled from the code: {fields}. Please check them with the visitor.</source>
        <translation>Täytetty koodista: {fields}. Tarkista ne yhdessä kävijän kanssa.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="583"/>
        <source>The code was read, but every field it carries is already filled in: nothing was changed.</source>
        <translation>Koodi luettiin, mutta sen kaikki kentät on jo täytetty: mitään ei muutettu.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="595"/>
        <source>A photo of the card will be attached to this sign-up when it is saved (kept on this laptop only).</source>
        <translation>Kortin kuva liitetään tähän ilmoittautumiseen, kun se tallennetaan (säilytetään vain tällä kannettavalla).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="608"/>
        <source>A photo of the card is attached too.</source>
        <translation>Myös kortin kuva on liitetty.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="623"/>
        <source>Saved, but the card photo could not be kept: {reason}</source>
        <translation>Tallennettu, mutta kortin kuvaa ei voitu säilyttää: {reason}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/card_photo.py" line="21"/>
        <source>Business card photo</source>
        <translation>Käyntikortin kuva</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/card_photo.py" line="29"/>
        <source>The photo cannot be shown.</source>
        <translation>Kuvaa ei voi näyttää.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/card_photo.py" line="39"/>
        <source>Kept on this laptop only. Remove it once the details are keyed in; it is erased with the person anyway.</source>
        <translation>Säilytetään vain tällä kannettavalla. Poista kuva, kun tiedot on kirjattu; se poistetaan joka tapauksessa henkilön tietojen mukana.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/card_photo.py" line="49"/>
        <source>Remove photo</source>
        <translation>Poista kuva</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="125"/>
        <source>Card photo…</source>
        <translation>Kortin kuva…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="129"/>
        <source>The photo of the business card kept at the stand, to key in the details</source>
        <translation>Osastolla tallennettu käyntikortin kuva tietojen kirjaamista varten</translation>
    </message>
</context>
<context>
    <name>SignupPage</name>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="49"/>
        <source>this laptop</source>
        <translation>tämä kannettava</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="51"/>
        <source>the public sign-up form</source>
        <translation>julkinen liittymislomake</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="53"/>
        <source>another laptop</source>
        <translation>toinen kannettava</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="57"/>
        <source>Already a follower — signed up at {event} on {day} ({who}).</source>
        <translation>Jo seuraaja — liittyi tapahtumassa {event} {day} ({who}).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="60"/>
        <source>Already a follower — signed up on {day} ({who}).</source>
        <translation>Jo seuraaja — liittyi {day} ({who}).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="67"/>
        <source>{count} follower</source>
        <translation>{count} seuraaja</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="68"/>
        <source>{count} followers</source>
        <translation>{count} seuraajaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="114"/>
        <source>Choose or create an event</source>
        <translation>Valitse tai luo tapahtuma</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="122"/>
        <source>Open the existing follower</source>
        <translation>Avaa olemassa oleva seuraaja</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="127"/>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="394"/>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="468"/>
        <source>Save anyway</source>
        <translation>Tallenna silti</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="296"/>
        <source>No event is chosen yet. Sign-ups are recorded against an event: choose or create one (what you type here is kept).</source>
        <translation>Tapahtumaa ei ole vielä valittu. Ilmoittautumiset kirjataan tapahtumaan: valitse tai luo tapahtuma (tähän kirjoittamasi säilyy).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="317"/>
        <source>Not saved yet: the database is still opening. Everything typed is kept; save again in a moment.</source>
        <translation>Ei vielä tallennettu: tietokantaa avataan yhä. Kaikki kirjoitettu säilyy; tallenna uudelleen hetken päästä.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="330"/>
        <source>Not saved yet: choose or create the event these sign-ups belong to. Everything typed is kept.</source>
        <translation>Ei vielä tallennettu: valitse tai luo tapahtuma, johon nämä ilmoittautumiset kuuluvat. Kaikki kirjoitettu säilyy.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="368"/>
        <source>Saved — {followers_phrase_count} at {event_name}</source>
        <translation>Tallennettu — {followers_phrase_count}, {event_name}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="372"/>
        <source>Saved at {event_name}</source>
        <translation>Tallennettu: {event_name}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="398"/>
        <source>This email is already registered: {describe_duplicate_self_form}, signed up {when}. Open that follower to update it, or save this sign-up anyway.</source>
        <translation>Tämä sähköpostiosoite on jo rekisteröity: {describe_duplicate_self_form}, ilmoittautunut {when}. Avaa seuraaja päivittääksesi tiedot tai tallenna tämä ilmoittautuminen silti.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="470"/>
        <source>Update anyway</source>
        <translation>Päivitä silti</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/signup.py" line="479"/>
        <source>A sign-up is filled in but not saved.</source>
        <translation>Ilmoittautuminen on täytetty mutta ei tallennettu.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="46"/>
        <source> — {waiting:,} waiting</source>
        <translation> — {waiting:,} odottaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="200"/>
        <source>Syncing…</source>
        <translation>Synkronoidaan…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="252"/>
        <source>Sync failed — see the log</source>
        <translation>Synkronointi epäonnistui — katso loki</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="266"/>
        <source>Offline — {pending_or_0:,} waiting</source>
        <translation>Ei yhteyttä — {pending_or_0:,} odottaa</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="58"/>
        <source>Sync</source>
        <translation>Synkronointi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="121"/>
        <source>Databank address and token</source>
        <translation>Tietopankin osoite ja tunniste</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="123"/>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="190"/>
        <source>Set up sync</source>
        <translation>Ota synkronointi käyttöön</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="128"/>
        <source>To change the databank or the token, enter both and Check again.</source>
        <translation>Vaihtaaksesi tietopankin tai tunnisteen kirjoita molemmat ja valitse Tarkista uudelleen.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="132"/>
        <source>Sign-ups are sent to the LEA databank once this laptop is set up. Enter the databank&apos;s address and the token from the databank administrator, then Check. Until then everything stays on this laptop, listed below.</source>
        <translation>Ilmoittautumiset lähetetään LEA-tietopankkiin, kun tämä kone on otettu käyttöön. Kirjoita tietopankin osoite ja tietopankin ylläpitäjältä saamasi tunniste ja valitse Tarkista. Siihen asti kaikki pysyy tällä koneella, lueteltuna alla.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="154"/>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="817"/>
        <source>Databank</source>
        <translation>Tietopankki</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="168"/>
        <source>Sync now</source>
        <translation>Synkronoi nyt</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="172"/>
        <source>Send what is waiting and fetch events and erasures</source>
        <translation>Lähetä odottavat ja hae tapahtumat ja poistot</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="201"/>
        <source>https://databank.example.eu</source>
        <translation>https://tietopankki.esimerkki.eu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="203"/>
        <source>Databank address</source>
        <translation>Tietopankin osoite</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="207"/>
        <source>Token from the databank administrator</source>
        <translation>Tietopankin ylläpitäjältä saatu tunniste</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="209"/>
        <source>Databank token</source>
        <translation>Tietopankin tunniste</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="211"/>
        <source>Check</source>
        <translation>Tarkista</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="214"/>
        <source>Ask the databank whether the address and token work, then keep them (system keyring if any) and sync</source>
        <translation>Kysy tietopankilta, toimivatko osoite ja tunniste, tallenna ne (järjestelmän avainnippuun, jos sellainen on) ja synkronoi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="222"/>
        <source>Address</source>
        <translation>Osoite</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="224"/>
        <source>Token</source>
        <translation>Tunniste</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="246"/>
        <source>Not synced yet</source>
        <translation>Ei vielä synkronoitu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="249"/>
        <source>Sync runs by itself every minute and when the network comes back.</source>
        <translation>Synkronointi käynnistyy itsestään minuutin välein ja kun verkkoyhteys palaa.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="255"/>
        <source>Last attempt {when}: {get_message_or_completed}</source>
        <translation>Viimeisin yritys {when}: {get_message_or_completed}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="259"/>
        <source>Last sync {when}.</source>
        <translation>Viimeisin synkronointi {when}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="301"/>
        <source>{rejected} rejected by the databank: the reasons are below. Correct the record (an edit sends it again) or Retry.</source>
        <translation>Tietopankki hylkäsi: {rejected}. Syyt ovat alla. Korjaa tietue (muokkaus lähettää sen uudelleen) tai yritä uudelleen.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="314"/>
        <source>{requested} requested centrally: the followers were collected on another laptop, so a coordinator approves the erasure at the databank. They are already erased here.</source>
        <translation>Keskitetysti pyydetty: {requested}. Seuraajat kerättiin toisella koneella, joten koordinaattori hyväksyy poiston tietopankissa. Täältä ne on jo poistettu.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="483"/>
        <source>Details</source>
        <translation>Tiedot</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="704"/>
        <source>Waiting: {queue_counts_counts}; {rejected:,} rejected.</source>
        <translation>Odottaa: {queue_counts_counts}; {rejected:,} hylätty.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="727"/>
        <source>Rejected</source>
        <translation>Hylätty</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="729"/>
        <source>Waiting</source>
        <translation>Odottaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="739"/>
        <source>{summary}
{id} (revision {revision})</source>
        <translation>{summary}
{id} (versio {revision})</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="754"/>
        <source>{plural_count_rejected_item} will be sent again now.</source>
        <translation>Lähetetään nyt uudelleen: {plural_count_rejected_item}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="887"/>
        <source>{plural_count_record} queued again; syncing now.</source>
        <translation>Jonossa uudelleen: {plural_count_record}; synkronoidaan nyt.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="336"/>
        <source>Sync is not set up yet: enter the databank&apos;s address and your token under Set up sync, then Check.</source>
        <translation>Synkronointia ei ole vielä otettu käyttöön: kirjoita tietopankin osoite ja tunnisteesi kohtaan Ota synkronointi käyttöön ja valitse Tarkista.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="288"/>
        <source>{followers} changed here and on another laptop: choose which copy to keep with Resolve… below.</source>
        <translation>{followers}: muutettu täällä ja toisella koneella. Valitse säilytettävä versio alta painikkeella Ratkaise…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="353"/>
        <source>Databank address: {exc}.</source>
        <translation>Tietopankin osoite: {exc}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="361"/>
        <source>Databank address refused: {addresses_refusal_value}</source>
        <translation>Tietopankin osoite hylätty: {addresses_refusal_value}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="381"/>
        <source>Enter both the databank&apos;s address and the token.</source>
        <translation>Kirjoita sekä tietopankin osoite että tunniste.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="393"/>
        <source>Databank address: {exc}</source>
        <translation>Tietopankin osoite: {exc}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="411"/>
        <source>Token saved in {where}. Not checked now: {problem_message}</source>
        <translation>Tunniste tallennettu: {where}. Ei tarkistettu nyt: {problem_message}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="417"/>
        <source>Logged in: the databank knows this laptop as {name}. Token kept in {where}.</source>
        <translation>Kirjauduttu: tietopankki tuntee tämän koneen nimellä {name}. Tunniste tallennettu: {where}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="428"/>
        <source>The databank refused this token; it was not kept. {message}</source>
        <translation>Tietopankki hylkäsi tämän tunnisteen; sitä ei tallennettu. {message}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="448"/>
        <source>Could not store the token ({type_exc_name}).</source>
        <translation>Tunnistetta ei voitu tallentaa ({type_exc_name}).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="459"/>
        <source>Waiting and rejected</source>
        <translation>Odottavat ja hylätyt</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="464"/>
        <source>Retry rejected</source>
        <translation>Yritä hylättyjä uudelleen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="467"/>
        <source>Send rejected records again at the next sync (a conflict: this laptop&apos;s copy wins)</source>
        <translation>Lähetä hylätyt tietueet uudelleen seuraavassa synkronoinnissa (ristiriidassa tämän koneen versio voittaa)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="481"/>
        <source>Status</source>
        <translation>Tila</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="482"/>
        <source>What</source>
        <translation>Mitä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="484"/>
        <source>Event</source>
        <translation>Tapahtuma</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="485"/>
        <source>Saved</source>
        <translation>Tallennettu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="486"/>
        <source>Reason</source>
        <translation>Syy</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="492"/>
        <source>Records waiting for the databank</source>
        <translation>Tietopankkiin odottavat tietueet</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="514"/>
        <source>Resolve…</source>
        <translation>Ratkaise…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="517"/>
        <source>Keep this laptop&apos;s copy, take the other laptop&apos;s, or merge them</source>
        <translation>Pidä tämän koneen versio, ota toisen koneen versio tai yhdistä ne</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="528"/>
        <source>Follower</source>
        <translation>Seuraaja</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="529"/>
        <source>Changed also on</source>
        <translation>Muutettu myös</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="530"/>
        <source>Found</source>
        <translation>Havaittu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="563"/>
        <source>{followers} changed here and on another laptop: both copies are kept until you choose which to keep.</source>
        <translation>{followers}: muutettu täällä ja toisella koneella. Molemmat versiot säilytetään, kunnes valitset, kumpi pidetään.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="578"/>
        <source>another laptop</source>
        <translation>toinen kone</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="644"/>
        <source>Conflict settled; the databank hears of it at the next sync.</source>
        <translation>Ristiriita ratkaistu; tietopankki saa tiedon seuraavassa synkronoinnissa.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="689"/>
        <source>Could not read the queue ({type_exc_name}).</source>
        <translation>Jonoa ei voitu lukea ({type_exc_name}).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="700"/>
        <source>Nothing is waiting: the databank has everything from this laptop.</source>
        <translation>Mitään ei odota: tietopankissa on kaikki tämän koneen tiedot.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="708"/>
        <source> {conflicts} to settle below (Resolve…).</source>
        <translation> {conflicts} ratkaistavana alla (Ratkaise…).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="718"/>
        <source> The first {count:,} are listed.</source>
        <translation> Ensimmäiset {count:,} on lueteltu.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="772"/>
        <source>Reconciliation</source>
        <translation>Täsmäytys</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="776"/>
        <source>Reconcile</source>
        <translation>Täsmäytä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="779"/>
        <source>Ask the databank which of this laptop&apos;s records it holds, at which revision</source>
        <translation>Kysy tietopankilta, mitkä tämän koneen tietueet sillä on ja missä versiossa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="786"/>
        <source>Save receipt as PDF…</source>
        <translation>Tallenna kuitti PDF:nä…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="793"/>
        <source>Queue again</source>
        <translation>Jonoon uudelleen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="796"/>
        <source>Send again the records the databank lacks that are not waiting in the queue</source>
        <translation>Lähetä uudelleen tietueet, jotka puuttuvat tietopankista eivätkä odota jonossa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="806"/>
        <source>Not checked yet.</source>
        <translation>Ei vielä tarkistettu.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="815"/>
        <source>Record id</source>
        <translation>Tietueen tunnus</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="816"/>
        <source>Laptop</source>
        <translation>Kone</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="818"/>
        <source>Why</source>
        <translation>Miksi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="823"/>
        <source>Records not held centrally as on this laptop</source>
        <translation>Tietueet, jotka eivät ole tietopankissa samanlaisina kuin tällä koneella</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="833"/>
        <source>Asking the databank…</source>
        <translation>Kysytään tietopankilta…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="869"/>
        <source>Could not reconcile: {message}</source>
        <translation>Täsmäytys ei onnistunut: {message}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="918"/>
        <source>Receipt saved: {written}</source>
        <translation>Kuitti tallennettu: {written}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="926"/>
        <source>The receipt could not be saved ({exc}).</source>
        <translation>Kuittia ei voitu tallentaa ({exc}).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="938"/>
        <source>Save the sync receipt</source>
        <translation>Tallenna synkronointikuitti</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="940"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../lea_desktop/ui/app.py" line="37"/>
        <source>Something went wrong ({kind_name}). Nothing saved was lost; details are in the log.</source>
        <translation>Jotain meni vikaan ({kind_name}). Mitään tallennettua ei menetetty; tiedot ovat lokissa.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/app.py" line="80"/>
        <source>Your data has not been changed. Backups are in the &apos;backups&apos; folder next to the database; `lea-desktop backup --help` explains how to make and use them.</source>
        <translation>Tietojasi ei ole muutettu. Varmuuskopiot ovat tietokannan vieressä &apos;backups&apos;-kansiossa; `lea-desktop backup --help` kertoo, miten niitä tehdään ja käytetään.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/app.py" line="116"/>
        <location filename="../../lea_desktop/ui/app.py" line="147"/>
        <location filename="../../lea_desktop/ui/app.py" line="346"/>
        <source>LEA Desktop cannot open its database</source>
        <translation>LEA Desktop ei voi avata tietokantaansa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/app.py" line="182"/>
        <source>The database check failed ({exc}).</source>
        <translation>Tietokannan tarkistus epäonnistui ({exc}).</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/app.py" line="187"/>
        <source>LEA Desktop found a problem in its database</source>
        <translation>LEA Desktop löysi ongelman tietokannastaan</translation>
    </message>
</context>
<context>
    <name>counts</name>
    <message>
        <location filename="../../lea_desktop/ui/erasure.py" line="53"/>
        <source>{n} backup</source>
        <translation>{n} varmuuskopio</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/erasure.py" line="54"/>
        <source>{n} backups</source>
        <translation>{n} varmuuskopiota</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/housekeeping.py" line="37"/>
        <location filename="../../lea_desktop/ui/i18n.py" line="89"/>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="162"/>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="179"/>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="196"/>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="276"/>
        <source>{n} sign-up</source>
        <translation>{n} ilmoittautuminen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/housekeeping.py" line="38"/>
        <location filename="../../lea_desktop/ui/i18n.py" line="90"/>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="163"/>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="180"/>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="197"/>
        <location filename="../../lea_desktop/ui/pages/privacy.py" line="277"/>
        <source>{n} sign-ups</source>
        <translation>{n} ilmoittautumista</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/i18n.py" line="88"/>
        <source>sign-up</source>
        <translation>ilmoittautuminen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/i18n.py" line="93"/>
        <source>event</source>
        <translation>tapahtuma</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/i18n.py" line="94"/>
        <source>{n} event</source>
        <translation>{n} tapahtuma</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/i18n.py" line="95"/>
        <source>{n} events</source>
        <translation>{n} tapahtumaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/i18n.py" line="98"/>
        <source>erasure</source>
        <translation>poisto</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/i18n.py" line="99"/>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="320"/>
        <source>{n} erasure</source>
        <translation>{n} poisto</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/i18n.py" line="100"/>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="321"/>
        <source>{n} erasures</source>
        <translation>{n} poistoa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/i18n.py" line="129"/>
        <source>nothing</source>
        <translation>ei mitään</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="447"/>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="294"/>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="570"/>
        <source>{n} follower</source>
        <translation>{n} seuraaja</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/events.py" line="448"/>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="295"/>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="571"/>
        <source>{n} followers</source>
        <translation>{n} seuraajaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="307"/>
        <source>{n} item</source>
        <translation>{n} kohde</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="308"/>
        <source>{n} items</source>
        <translation>{n} kohdetta</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="713"/>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="59"/>
        <source>{n} conflict</source>
        <translation>{n} ristiriita</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="714"/>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="60"/>
        <source>{n} conflicts</source>
        <translation>{n} ristiriitaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="759"/>
        <source>{n} rejected item</source>
        <translation>{n} hylätty kohde</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="760"/>
        <source>{n} rejected items</source>
        <translation>{n} hylättyä kohdetta</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="892"/>
        <source>{n} record</source>
        <translation>{n} tietue</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/sync.py" line="893"/>
        <source>{n} records</source>
        <translation>{n} tietuetta</translation>
    </message>
</context>
<context>
    <name>erasure</name>
    <message>
        <location filename="../../lea_desktop/ui/erasure.py" line="26"/>
        <source>Erased {what}. Clearing it from the backups…</source>
        <translation>Poistettu: {what}. Poistetaan varmuuskopioista…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/erasure.py" line="37"/>
        <source>collected on another laptop: erasure requested centrally (a coordinator approves it at the databank)</source>
        <translation>kerätty toisella koneella: poistoa pyydetty keskitetysti (koordinaattori hyväksyy sen tietopankissa)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/erasure.py" line="43"/>
        <source>the databank is told at the next sync</source>
        <translation>tietopankille ilmoitetaan seuraavassa synkronoinnissa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/erasure.py" line="46"/>
        <source>Erased {what} from this laptop and {plural_result_backups_rewritte}; {central}.</source>
        <translation>Poistettu: {what} tältä koneelta ja varmuuskopioista ({plural_result_backups_rewritte}); {central}.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/erasure.py" line="64"/>
        <source>Erased {what}; clearing the backups is finished at the next start.</source>
        <translation>Poistettu: {what}; varmuuskopioiden tyhjennys viedään loppuun seuraavalla käynnistyskerralla.</translation>
    </message>
</context>
<context>
    <name>follower_editor</name>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="41"/>
        <source>Erase follower</source>
        <translation>Poista seuraaja</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="42"/>
        <source>Erase {what}?

The record and anything attached to it (assistance requests, letter of intent) are removed from this laptop and its backups, and the databank is told to erase its copy. This cannot be undone.</source>
        <translation>Poistetaanko {what}?

Tietue ja kaikki siihen liitetty (tukipyynnöt, aiesopimus) poistetaan tältä koneelta ja sen varmuuskopioista, ja tietopankkia pyydetään poistamaan oma kopionsa. Tätä ei voi perua.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/follower_editor.py" line="318"/>
        <source>This follower no longer exists (deleted or erased).</source>
        <translation>Tätä seuraajaa ei enää ole (poistettu).</translation>
    </message>
</context>
<context>
    <name>housekeeping</name>
    <message>
        <location filename="../../lea_desktop/ui/housekeeping.py" line="31"/>
        <source>Removed the personal data of {plural_report_purged_sign_up} the databank has had for more than {days} days.</source>
        <translation>Henkilötiedot poistettu: {plural_report_purged_sign_up}, jotka ovat olleet tietopankissa yli {days} päivää.</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/housekeeping.py" line="49"/>
        <source>The retention purge could not run this time; it runs again at the next start.</source>
        <translation>Vanhentuneiden tietojen poisto ei onnistunut tällä kertaa; se ajetaan uudelleen seuraavalla käynnistyskerralla.</translation>
    </message>
</context>
<context>
    <name>main_window</name>
    <message>
        <location filename="../../lea_desktop/ui/main_window.py" line="47"/>
        <source>No event chosen</source>
        <translation>Tapahtumaa ei valittu</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="54"/>
        <source>Sign up</source>
        <translation>Ilmoittautuminen</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="55"/>
        <source>Sign a visitor up (Ctrl+1)</source>
        <translation>Ilmoita kävijä (Ctrl+1)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="56"/>
        <source>Followers</source>
        <translation>Seuraajat</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="57"/>
        <source>Find, edit and delete sign-ups (Ctrl+2)</source>
        <translation>Etsi, muokkaa ja poista ilmoittautumisia (Ctrl+2)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="58"/>
        <source>Events</source>
        <translation>Tapahtumat</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="59"/>
        <source>Create events and choose the active one (Ctrl+3)</source>
        <translation>Luo tapahtumia ja valitse aktiivinen (Ctrl+3)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="60"/>
        <source>Cards</source>
        <translation>Kortit</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="61"/>
        <source>QR business cards and paper sign-up sheets: preview, save as PDF, print</source>
        <translation>QR-käyntikortit ja paperiset ilmoittautumislomakkeet: esikatselu, tallennus PDF:nä, tulostus</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="62"/>
        <source>Dashboard</source>
        <translation>Yleiskatsaus</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="63"/>
        <source>Where the project stands: figures, map, targets (Ctrl+4)</source>
        <translation>Projektin tilanne: luvut, kartta, tavoitteet (Ctrl+4)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="64"/>
        <source>Follow-up</source>
        <translation>Jatkotoimet</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="65"/>
        <source>Who is due for a follow-up, by owner: email drafts, mark contacted (Ctrl+5)</source>
        <translation>Kenen jatkotoimet ovat erääntyneet, vastuutahoittain: sähköpostiluonnokset, yhteydenoton merkintä (Ctrl+5)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="66"/>
        <source>Sync</source>
        <translation>Synkronointi</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="67"/>
        <source>Send sign-ups to the LEA databank; what waits, what was rejected, receipts</source>
        <translation>Lähetä ilmoittautumiset LEA-tietopankkiin; odottavat, hylätyt, kuitit</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="68"/>
        <source>Privacy</source>
        <translation>Tietosuoja</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/__init__.py" line="69"/>
        <source>Personal data on this laptop, retention, the self-service kiosk</source>
        <translation>Tämän koneen henkilötiedot, säilytysaika, itsepalvelukioski</translation>
    </message>
</context>
<context>
    <name>pages_cards</name>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="48"/>
        <source>Stand cards (QR to the sign-up page)</source>
        <translation>Osastokortit (QR-koodi ilmoittautumissivulle)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="49"/>
        <source>My staff card (QR with my contact)</source>
        <translation>Oma henkilökuntakorttini (QR-koodi yhteystiedoillani)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="50"/>
        <source>Paper sign-up sheets</source>
        <translation>Paperiset ilmoittautumislomakkeet</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="53"/>
        <source>A4, 10 cards per sheet, crop marks</source>
        <translation>A4, 10 korttia arkille, leikkausmerkit</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/cards.py" line="54"/>
        <source>One card per page (card printer)</source>
        <translation>Yksi kortti sivulle (korttitulostin)</translation>
    </message>
</context>
<context>
    <name>pages_dashboard</name>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="64"/>
        <source>followers</source>
        <translation>seuraajaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="65"/>
        <source>procurers</source>
        <translation>hankkijaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="66"/>
        <source>suppliers</source>
        <translation>toimittajaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="67"/>
        <source>schools</source>
        <translation>koulua</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="68"/>
        <source>EU member states with followers</source>
        <translation>EU-jäsenvaltiota, joissa seuraajia</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="71"/>
        <source>LEA-N candidates (procurers interested in LEA-N)</source>
        <translation>LEA-N-ehdokasta (LEA-N:stä kiinnostuneet hankkijat)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="73"/>
        <source>letters of intent signed / offered</source>
        <translation>aiesopimusta allekirjoitettu / tarjottu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="74"/>
        <source>assistance requests</source>
        <translation>tukipyyntöä</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="83"/>
        <source>Session summary (PDF)…</source>
        <translation>Tapahtumayhteenveto (PDF)…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="84"/>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="102"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-asiakirja (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="89"/>
        <source>Session summary (Excel)…</source>
        <translation>Tapahtumayhteenveto (Excel)…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="90"/>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="108"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel-työkirja (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="95"/>
        <source>Session summary (JSON)…</source>
        <translation>Tapahtumayhteenveto (JSON)…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="96"/>
        <source>JSON file (*.json)</source>
        <translation>JSON-tiedosto (*.json)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="101"/>
        <source>Partner report, Appendix 7.1 (PDF)…</source>
        <translation>Kumppaniraportti, liite 7.1 (PDF)…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="107"/>
        <source>Partner report, Appendix 7.1 (Excel)…</source>
        <translation>Kumppaniraportti, liite 7.1 (Excel)…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="114"/>
        <source>Followers for Mailchimp (CSV)…</source>
        <translation>Seuraajat Mailchimpiin (CSV)…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="115"/>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="121"/>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="127"/>
        <source>CSV file (*.csv)</source>
        <translation>CSV-tiedosto (*.csv)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="120"/>
        <source>Followers for HubSpot (CSV)…</source>
        <translation>Seuraajat HubSpotiin (CSV)…</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/pages/dashboard.py" line="126"/>
        <source>Followers for Brevo (CSV)…</source>
        <translation>Seuraajat Brevoon (CSV)…</translation>
    </message>
</context>
<context>
    <name>procurer_dialog</name>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="43"/>
        <source>Not offered yet</source>
        <translation>Ei vielä tarjottu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="44"/>
        <source>Offered</source>
        <translation>Tarjottu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="45"/>
        <source>Signed</source>
        <translation>Allekirjoitettu</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/procurer_dialog.py" line="379"/>
        <source>This follower no longer exists (deleted or erased).</source>
        <translation>Tätä seuraajaa ei enää ole (poistettu).</translation>
    </message>
</context>
<context>
    <name>sync_controller</name>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="63"/>
        <source>Synced {when} — {rejected:,} rejected, {conflicts} to settle on the Sync page</source>
        <translation>Synkronoitu {when} — {rejected:,} hylätty, {conflicts} ratkaistavana Synkronointi-sivulla</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="67"/>
        <source>Synced {when} — {conflicts} to settle on the Sync page</source>
        <translation>Synkronoitu {when} — {conflicts} ratkaistavana Synkronointi-sivulla</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="71"/>
        <source>Synced {when} — {rejected:,} rejected</source>
        <translation>Synkronoitu {when} — {rejected:,} hylätty</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="74"/>
        <source>Synced {when}</source>
        <translation>Synkronoitu {when}</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="79"/>
        <source>Wi-Fi needs a login (captive portal)</source>
        <translation>Wi-Fi vaatii kirjautumisen (kirjautumissivu)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="83"/>
        <source>Databank refused the token — log in again on the Sync page</source>
        <translation>Tietopankki hylkäsi tunnisteen — kirjaudu uudelleen Synkronointi-sivulla</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="87"/>
        <source>Sync not set up</source>
        <translation>Synkronointia ei ole otettu käyttöön</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="89"/>
        <source>Sync off: the databank address is not encrypted (http://)</source>
        <translation>Synkronointi pois: tietopankin osoite ei ole salattu (http://)</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="94"/>
        <source>Databank certificate not trusted</source>
        <translation>Tietopankin varmenteeseen ei luoteta</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="98"/>
        <source>Databank error</source>
        <translation>Tietopankin virhe</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="101"/>
        <source>No LEA databank at the address</source>
        <translation>Osoitteessa ei ole LEA-tietopankkia</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="104"/>
        <source>Offline — {waiting_or_0:,} waiting</source>
        <translation>Ei yhteyttä — {waiting_or_0:,} odottaa</translation>
    </message>
    <message>
        <location filename="../../lea_desktop/ui/sync_controller.py" line="296"/>
        <source>Sending {progress_done:,} of {progress_total:,}…</source>
        <translation>Lähetetään {progress_done:,}/{progress_total:,}…</translation>
    </message>
</context>
</TS>
