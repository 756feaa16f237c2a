export { buildNotification, publishReport, type Notification } from './publish';
export { chatNotification, type ChatNotification } from './chat';
export { renderPlainText } from './text';
export { primaryCause, severity, subject, SEVERITIES, type Severity } from './summary';
