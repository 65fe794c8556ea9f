//! The built-in roles that touch a registry's data plane, and what each
//! gives in each role-assignment mode (facts file, sections A2 and A3).

/// A registry's `roleAssignmentMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `AbacRepositoryPermissions`: Repository roles (with conditions) only.
    Abac,
    /// `LegacyRegistryPermissions`, the default: AcrPull/AcrPush/AcrDelete, Owner…
    Legacy,
}

impl Mode {
    /// The ARM value; absent (api-versions before 2025-11-01) is the
    /// default, legacy. An unknown value is None: a mode acrtui does not
    /// know, for which it makes no claim.
    pub fn parse(value: Option<&str>) -> Option<Mode> {
        match value {
            None => Some(Mode::Legacy),
            Some(v) if v.eq_ignore_ascii_case("AbacRepositoryPermissions") => Some(Mode::Abac),
            Some(v) if v.eq_ignore_ascii_case("LegacyRegistryPermissions") => Some(Mode::Legacy),
            Some(_) => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Abac => "AbacRepositoryPermissions",
            Mode::Legacy => "LegacyRegistryPermissions",
        }
    }

    /// As the portal and console say it.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Abac => "RBAC + ABAC repository permissions",
            Mode::Legacy => "RBAC registry permissions",
        }
    }
}

/// A repository data action of the Entra roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataAction {
    ContentRead,
    ContentWrite,
    ContentDelete,
    MetadataRead,
    MetadataWrite,
    MetadataDelete,
}

const PREFIX: &str = "Microsoft.ContainerRegistry/registries/repositories/";

impl DataAction {
    pub const ALL: [DataAction; 6] = [
        DataAction::ContentRead,
        DataAction::ContentWrite,
        DataAction::ContentDelete,
        DataAction::MetadataRead,
        DataAction::MetadataWrite,
        DataAction::MetadataDelete,
    ];

    /// The short form: `content/read`.
    pub fn short(self) -> &'static str {
        match self {
            DataAction::ContentRead => "content/read",
            DataAction::ContentWrite => "content/write",
            DataAction::ContentDelete => "content/delete",
            DataAction::MetadataRead => "metadata/read",
            DataAction::MetadataWrite => "metadata/write",
            DataAction::MetadataDelete => "metadata/delete",
        }
    }

    /// The full data action, as `ActionMatches` names it.
    pub fn full(self) -> String {
        format!("{PREFIX}{}", self.short())
    }

    /// A full or short data action name (any case).
    pub fn parse(name: &str) -> Option<DataAction> {
        let lower = name.to_ascii_lowercase();
        let short = lower
            .strip_prefix(&PREFIX.to_ascii_lowercase())
            .unwrap_or(&lower);
        DataAction::ALL.into_iter().find(|a| a.short() == short)
    }

    /// Writes and deletes: what an unconditioned action must never leave open.
    pub fn changes(self) -> bool {
        !matches!(self, DataAction::ContentRead | DataAction::MetadataRead)
    }
}

/// The roles acrtui knows by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    RepositoryReader,
    RepositoryWriter,
    RepositoryContributor,
    CatalogLister,
    DataImporterAndDataReader,
    AcrPull,
    AcrPush,
    AcrDelete,
    Owner,
    Contributor,
    Reader,
}

/// (role, definition GUID, name).
const ROLES: [(Role, &str, &str); 11] = [
    (
        Role::RepositoryReader,
        "b93aa761-3e63-49ed-ac28-beffa264f7ac",
        "Container Registry Repository Reader",
    ),
    (
        Role::RepositoryWriter,
        "2a1e307c-b015-4ebd-883e-5b7698a07328",
        "Container Registry Repository Writer",
    ),
    (
        Role::RepositoryContributor,
        "2efddaa5-3f1f-4df3-97df-af3f13818f4c",
        "Container Registry Repository Contributor",
    ),
    (
        Role::CatalogLister,
        "bfdb9389-c9a5-478a-bb2f-ba9ca092c3c7",
        "Container Registry Repository Catalog Lister",
    ),
    (
        Role::DataImporterAndDataReader,
        "577a9874-89fd-4f24-9dbd-b5034d0ad23a",
        "Container Registry Data Importer and Data Reader",
    ),
    (
        Role::AcrPull,
        "7f951dda-4ed3-4680-a7ca-43fe172d538d",
        "AcrPull",
    ),
    (
        Role::AcrPush,
        "8311e382-0749-4cb8-b61a-304f252e45ec",
        "AcrPush",
    ),
    (
        Role::AcrDelete,
        "c2f4ef07-c644-48eb-af81-4b1b4947fb11",
        "AcrDelete",
    ),
    (Role::Owner, "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner"),
    (
        Role::Contributor,
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "Contributor",
    ),
    (
        Role::Reader,
        "acdd72a7-3385-48ef-bd42-f606fba81ae7",
        "Reader",
    ),
];

impl Role {
    /// The role of a `roleDefinitionId` (full id or bare GUID, any case).
    pub fn from_definition_id(id: &str) -> Option<Role> {
        let guid = id.rsplit('/').next().unwrap_or(id);
        ROLES
            .iter()
            .find(|(_, g, _)| g.eq_ignore_ascii_case(guid))
            .map(|(r, _, _)| *r)
    }

    pub fn guid(self) -> &'static str {
        ROLES
            .iter()
            .find(|(r, _, _)| *r == self)
            .map_or("", |(_, g, _)| g)
    }

    pub fn name(self) -> &'static str {
        ROLES
            .iter()
            .find(|(r, _, _)| *r == self)
            .map_or("", |(_, _, n)| n)
    }

    pub fn all() -> impl Iterator<Item = Role> {
        ROLES.iter().map(|(r, _, _)| *r)
    }

    /// The repository data actions of its definition (ABAC roles only).
    pub fn data_actions(self) -> &'static [DataAction] {
        use DataAction::*;
        match self {
            Role::RepositoryReader | Role::DataImporterAndDataReader => {
                &[ContentRead, MetadataRead]
            }
            Role::RepositoryWriter => &[ContentRead, MetadataRead, ContentWrite, MetadataWrite],
            Role::RepositoryContributor => &[
                ContentRead,
                MetadataRead,
                ContentWrite,
                MetadataWrite,
                ContentDelete,
                MetadataDelete,
            ],
            _ => &[],
        }
    }
}

/// What an assignment of a role gives on a registry's data plane in a mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Repository actions (on the repositories its condition allows, when
    /// `conditionable`), and whether it lists the catalog.
    Grants {
        actions: Vec<DataAction>,
        catalog: bool,
        conditionable: bool,
    },
    /// A legacy data role in ABAC mode: "not honored".
    Ignored,
    /// A Repository role (or Catalog Lister) in legacy mode.
    NoEffect,
    /// Owner, Contributor, Reader in ABAC mode: the control plane only.
    ControlPlaneOnly,
}

/// The facts file's table A3, one arm per row.
pub fn effect(role: Role, mode: Mode) -> Effect {
    use DataAction::*;
    let grants = |actions: &[DataAction], catalog, conditionable| Effect::Grants {
        actions: actions.to_vec(),
        catalog,
        conditionable,
    };
    match (mode, role) {
        (
            Mode::Abac,
            Role::RepositoryReader | Role::RepositoryWriter | Role::RepositoryContributor,
        ) => grants(role.data_actions(), false, true),
        (Mode::Abac, Role::CatalogLister) => grants(&[], true, false),
        (_, Role::DataImporterAndDataReader) => grants(&[ContentRead, MetadataRead], true, false),
        (Mode::Abac, Role::AcrPull | Role::AcrPush | Role::AcrDelete) => Effect::Ignored,
        (Mode::Abac, Role::Owner | Role::Contributor | Role::Reader) => Effect::ControlPlaneOnly,
        (
            Mode::Legacy,
            Role::RepositoryReader
            | Role::RepositoryWriter
            | Role::RepositoryContributor
            | Role::CatalogLister,
        ) => Effect::NoEffect,
        (Mode::Legacy, Role::AcrPull) => grants(&[ContentRead, MetadataRead], false, false),
        (Mode::Legacy, Role::AcrPush) => grants(
            &[ContentRead, MetadataRead, ContentWrite, MetadataWrite],
            false,
            false,
        ),
        (Mode::Legacy, Role::AcrDelete) => grants(&[ContentDelete, MetadataDelete], false, false),
        (Mode::Legacy, Role::Owner | Role::Contributor) => grants(&DataAction::ALL, true, false),
        (Mode::Legacy, Role::Reader) => grants(&[ContentRead, MetadataRead], true, false),
    }
}

/// A built-in role's definition as ARM lists it: `(actions, notActions,
/// dataActions)` (facts file A2; Owner/Contributor/Reader abridged to their
/// wildcards, which is what matters to a registry).
pub fn definition(role: Role) -> (Vec<&'static str>, Vec<&'static str>, Vec<String>) {
    const REGISTRY: &str = "Microsoft.ContainerRegistry/registries";
    let data = |actions: &[DataAction]| actions.iter().map(|a| a.full()).collect::<Vec<_>>();
    match role {
        Role::RepositoryReader | Role::RepositoryWriter | Role::RepositoryContributor => {
            (vec![], vec![], data(role.data_actions()))
        }
        Role::CatalogLister => (vec![], vec![], vec![format!("{REGISTRY}/catalog/read")]),
        Role::DataImporterAndDataReader => {
            let mut d = data(&[DataAction::ContentRead, DataAction::MetadataRead]);
            d.push(format!("{REGISTRY}/catalog/read"));
            (
                vec![
                    "Microsoft.ContainerRegistry/registries/importImage/action",
                    "Microsoft.ContainerRegistry/registries/read",
                    "Microsoft.ContainerRegistry/registries/pull/read",
                ],
                vec![],
                d,
            )
        }
        Role::AcrPull => (
            vec!["Microsoft.ContainerRegistry/registries/pull/read"],
            vec![],
            vec![],
        ),
        Role::AcrPush => (
            vec![
                "Microsoft.ContainerRegistry/registries/pull/read",
                "Microsoft.ContainerRegistry/registries/push/write",
            ],
            vec![],
            vec![],
        ),
        Role::AcrDelete => (
            vec!["Microsoft.ContainerRegistry/registries/artifacts/delete"],
            vec![],
            vec![],
        ),
        Role::Owner => (vec!["*"], vec![], vec![]),
        Role::Contributor => (
            vec!["*"],
            vec![
                "Microsoft.Authorization/*/Delete",
                "Microsoft.Authorization/*/Write",
                "Microsoft.Authorization/elevateAccess/Action",
            ],
            vec![],
        ),
        Role::Reader => (vec!["*/read"], vec![], vec![]),
    }
}
