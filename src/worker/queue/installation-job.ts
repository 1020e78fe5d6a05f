/** Installation events: keep the installation's repository list; removal deletes repository data. */
import {
  deleteRepositoryData,
  markInstallationRemoved,
  saveInstallation,
  updateInstallationRepos,
  type Db,
} from "../../adapters/d1/store.js";
import type { InstallationJob } from "./jobs.js";

export async function applyInstallationJob(db: Db, job: InstallationJob, now: number): Promise<void> {
  switch (job.action) {
    case "saved":
      await saveInstallation(db, { id: job.installationId, account: job.account, repos: job.repos }, now);
      return;
    case "removed": {
      const covered = await markInstallationRemoved(db, job.installationId, now);
      await deleteRepositoryData(db, [...new Set([...covered, ...job.repos])]);
      return;
    }
    case "repositories":
      await updateInstallationRepos(db, { id: job.installationId, account: job.account, added: job.added, removed: job.removed }, now);
      await deleteRepositoryData(db, job.removed);
      return;
  }
}
