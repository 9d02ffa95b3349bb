/**
 * The transfers feature as the rest of the app uses it. The shell mounts
 * TransferEvents, TransfersPanel, ConflictDialog and TransfersButton; the
 * object browser mounts DropZone and uses the upload and download controllers.
 */
import './transfers.css';

export { ConflictDialog } from './ConflictDialog';
export { DropZone, type DropZoneProps, type InnerDropTarget } from './DropZone';
export { folderLabel } from './folder-label';
export { TransferEvents } from './TransferEvents';
export { TransfersButton } from './TransfersButton';
export { TransfersPanel } from './TransfersPanel';
export { useTransfersUi } from './transfers-store';
export { useDownloadController, type DownloadController, type DownloadSource } from './use-download-controller';
export { useUploadController, type UploadController, type UploadDestination } from './use-upload-controller';
