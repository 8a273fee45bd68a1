// Bokmål for what Decap's own nb_no translation leaves in English (decap-cms-app 3.16.3 lacks
// 86 of its 248 phrases), plus two phrases reworded for this editor. Merged over nb_no by
// admin/cms.mjs; Decap falls back to English for anything missing from both.
export const phrases = {
  auth: {
    loginWithAzure: "Logg inn med Azure",
    loginWithForgejo: "Logg inn med Forgejo",
  },
  collection: {
    sidebar: { allCollections: "Alle samlinger", searchIn: "Søk i" },
    collectionTop: {
      viewAsList: "Vis som liste",
      viewAsGrid: "Vis som rutenett",
      searchResults: "Søkeresultater for «%{searchTerm}»",
      searchResultsInCollection: "Søkeresultater for «%{searchTerm}» i %{collection}",
      filterBy: "Filtrer etter",
      groupBy: "Grupper etter",
    },
    entries: { unpublishedHeader: "Upubliserte oppføringer" },
    groups: { other: "Andre", negateLabel: "Ikke %{label}" },
  },
  editor: {
    // %{widgetLabel} is the widget's type (string, select), not the field's label.
    editorControl: { field: { widgetLabel: "Skjemafelt" } },
    editorControlPane: {
      widget: {
        invalidPath: "«%{path}» er ikke en gyldig sti",
        pathExists: "Stien «%{path}» finnes allerede",
        // The pattern's message (hooks/cms.py) is a whole sentence that says what to do.
        regexPattern: "%{fieldLabel}: %{pattern}",
      },
      i18n: {
        writingInLocale: "Skriver på %{locale}",
        copyFromLocale: "Fyll inn fra et annet språk",
        copyFromLocaleConfirm: "Vil du fylle inn fra %{locale}?\nAlt innhold som står her nå, blir overskrevet.",
      },
    },
    editorInterface: {
      toggleI18n: "Vis eller skjul språk",
      togglePreview: "Vis eller skjul forhåndsvisning",
      toggleScrollSync: "Synkroniser rulling",
      toggleNotes: "Vis eller skjul notater",
    },
    editorNotesPane: {
      title: "Notater",
      emptyState: "Ingen notater ennå. Skriv det første nedenfor.",
      addNote: "Legg til notat",
      addPlaceholder: "Skriv et notat …",
      editPlaceholder: "Endre notatet …",
      save: "Lagre",
      cancel: "Avbryt",
      edit: "Endre",
      delete: "Slett",
      resolve: "Merk som løst",
      unresolve: "Merk som uløst",
      confirmDelete: "Er du sikker på at du vil slette notatet?",
      shortcut: "Tips: Ctrl+Enter legger til notatet",
    },
    editorToolbar: {
      statusInfoTooltipDraft: "Oppføringen er et utkast. Sett statusen til «Til gjennomgang» når den er klar.",
      statusInfoTooltipInReview: "Oppføringen er til gjennomgang. Du kan fortsatt gjøre endringer.",
    },
    editorWidgets: {
      markdown: {
        bold: "Fet",
        italic: "Kursiv",
        strikethrough: "Gjennomstreket",
        code: "Kode",
        link: "Lenke",
        linkPrompt: "Skriv adressen lenken skal gå til",
        headings: "Overskrifter",
        quote: "Sitat",
        bulletedList: "Punktliste",
        numberedList: "Nummerert liste",
        addComponent: "Legg til komponent",
        toggleMode: { rich: "Bytt til rik tekst", markdown: "Bytt til Markdown" },
      },
      image: {
        chooseMultiple: "Velg bilder",
        chooseUrl: "Sett inn fra adresse",
        replaceUrl: "Erstatt med adresse",
        promptUrl: "Skriv adressen til bildet",
        addMore: "Legg til flere bilder",
        removeAll: "Fjern alle bilder",
      },
      file: {
        chooseUrl: "Sett inn fra adresse",
        chooseMultiple: "Velg filer",
        replaceUrl: "Erstatt med adresse",
        promptUrl: "Skriv adressen til filen",
        addMore: "Legg til flere filer",
        removeAll: "Fjern alle filer",
      },
      // %{fieldLabel} is the field's name (date), not its label.
      datetime: { setToNow: "Sett til i dag" },
      list: { add: "Legg til %{item}", addType: "Legg til %{item}" },
      object: { expand: "Vis", collapse: "Skjul" },
    },
  },
  mediaLibrary: {
    mediaLibraryCard: {
      copy: "Kopier",
      copyUrl: "Kopier adresse",
      copyPath: "Kopier sti",
      copyName: "Kopier navn",
      copied: "Kopiert",
    },
    mediaLibraryModal: { close: "Lukk" },
  },
  ui: {
    settingsDropdown: { account: "Kontovalg" },
    toast: {
      // nb_no says a required field was forgotten; a pattern error (unknown category) is
      // refused by the same toast, so say what is true for both.
      missingRequiredField: "Noe mangler eller er feil. Rett feltene som er merket, og lagre igjen.",
      noteAdded: "Notatet er lagt til",
      onFailToAddNote: "Kunne ikke legge til notatet: %{details}",
      noteUpdated: "Notatet er endret",
      onFailToUpdateNote: "Kunne ikke endre notatet: %{details}",
      noteDeleted: "Notatet er slettet",
      onFailToDeleteNote: "Kunne ikke slette notatet: %{details}",
      noteResolved: "Notatet er merket som løst",
      noteReopened: "Notatet er åpnet igjen",
      onFailToToggleNote: "Kunne ikke endre notatets status: %{details}",
      onLoggedOut: "Du er logget ut. Ta vare på det du har skrevet, og logg inn igjen.",
      onBackendDown: "Tjenesten som lagrer endringene, har driftsproblemer. Se %{details}.",
    },
  },
};
