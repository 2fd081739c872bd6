/** Every error the API returns has this shape. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
}
