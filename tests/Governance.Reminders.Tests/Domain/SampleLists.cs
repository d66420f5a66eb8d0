namespace Governance.Reminders.Tests.Domain;

/// <summary>The Huskeliste of two referater of Direktionen, copied verbatim (UTF-8, tab-separated rows)
/// from the samples, from the table's header row to the end of the calendar sections: CI has no
/// copy of the samples.</summary>
internal static class SampleLists
{
    /// <summary>direktionen-2012-08-14.txt, "Punkt 8: Huskeliste 14-08-2012".</summary>
    public const string Direktionen20120814 =
        "Sag/emne\tForventet tidspunkt\tAnsvarlig\n" +
        "Projekt Morgendagens skole, herunder status økonomi\tMånedlig\tPA\n" +
        "Administrative besparelser - konsekvensbeskrivelser (jf. mail fra Mikala 27.06)\t28. august\tØDC\n" +
        "Borgmesterhenvendelser\tSeptember\tBYC\n" +
        "\n" +
        "Chefforum\n" +
        "\n" +
        "Forberedelse af kommende ugers mødebånd\n" +
        "\n" +
        "Direktionens Strategiske Lederforum\n" +
        "\n" +
        "4. september:\n" +
        "\n" +
        "26. november:\n" +
        "\n" +
        "Byrådets temamøder\n" +
        "\n" +
        "25. september: Vækst- og Erhvervspolitik\n" +
        "\n" +
        "30. oktober: Forslag til bystrategi (Kommuneplan)?\n" +
        "\n" +
        "27. november:";

    /// <summary>direktionen-2013-09-09.txt, "Punkt 8: Huskeliste 09-09-2013".</summary>
    public const string Direktionen20130909 =
        "Sag/emne\tForv. tidspunkt\tAnsvarlig\n" +
        "Udbudspolitik og mulige emner/handleplan på et kommende direktionensmøde\tSeptember\tØDC\n" +
        "Indkøbspolitik\tSeptember\tØDC\n" +
        "Processag vedr. selvejende institutioner\tSeptember\tBYC\n" +
        "Specialiserede socialområde - afrapportering på analyse om kapacitet, målgr., tilbudsvifte mv.\t20. september\tSHC\n" +
        "Årshjul for direktionen\tSeptember\tBYC\n" +
        "ØKO-LIS\t(2. uge månedligt)\tØDC\n" +
        "Programmet Morgendagens børne- og ungeliv\tKvartalsvis\tPA\n" +
        "Status på revisionsbemærkninger\t(Kvartalsvis)\tPA\n" +
        "\n" +
        "Chefforum\n" +
        "\n" +
        "Forberedelse af kommende ugers mødebånd.\n" +
        "\n" +
        "Direktionens Strategiske Lederforum\n" +
        "\n" +
        "25. november\n" +
        "\n" +
        "Byrådets temamøder\n" +
        "\n" +
        "24. september: Kommuneplan, Evaluering af byrådsarbejdet.\n" +
        "\n" +
        "29. oktober: (NB! Skal sandsynligvis aflyses)\n" +
        "\n" +
        "Kommende emner:\n" +
        "\n" +
        "- Reformen på beskæftigelsesområdet (Ifm. Byrådshøjskolen)\n" +
        "\n" +
        "- Boligsociale område, udlejning, kombineret udlejning, tomgangsleje mv. (jf. sag på SSU 5. febr.).\n" +
        "\n" +
        "- Kvalitet i folkeskolen\n" +
        "\n" +
        "- Generelt om udbud (jf. BY-sag 20.11 om Pulje til Kvalitetsudvikling)\n" +
        "\n" +
        "ØU\n" +
        "\n" +
        "Temadrøftelse på ØU om boligområdet/støttede byggeri – kompetenceafklaring mv. (evt. november)\n" +
        "\n" +
        "HU-møder\n" +
        "\n" +
        "(orienteringspunkt i direktionen forud for HU-møde)\n" +
        "\n" +
        "19. september\n" +
        "\n" +
        "23. oktober\n" +
        "\n" +
        "20. november\n" +
        "\n" +
        "18. december\n" +
        "\n" +
        "Borgmesterens deltagelse i direktionmøder\n" +
        "\n" +
        "9. december";
}
